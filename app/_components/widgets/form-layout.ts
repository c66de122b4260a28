import type { UiSchema } from '@rjsf/utils';
import type { EntityDefinition, JsonSchema } from '@/lib/entities/entity.types';
import { visibleFieldKeys } from '@/lib/entities/entity.schema';
import { fieldType } from '@/lib/fields/registry';

type Ui = Record<string, unknown>;

function uiOptionsOf(ui: unknown): Ui {
  const options = (ui as Ui | undefined)?.['ui:options'];
  return typeof options === 'object' && options !== null ? (options as Ui) : {};
}

/**
 * The schema and uiSchema from formSchemaFor as the themed form takes them:
 * - the root keeps extra keys without saying so, because rjsf would render every value of a
 *   field left out of the form (hidden, computed elsewhere) as an editable extra property;
 * - a sub-table's rows and cells are marked (ui:options subtableRow / subtableCell) so the
 *   templates render them as a grid with labels only in its header.
 */
export function themedForm(schema: JsonSchema, uiSchema: Ui): { schema: JsonSchema; uiSchema: UiSchema } {
  const { additionalProperties: _extras, ...root } = schema;
  const ui: Ui = { ...uiSchema };
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const fieldUi = ui[key] as Ui | undefined;
    if (!fieldUi || !uiOptionsOf(fieldUi).subtable) continue;
    const rowUi: Ui = { ...((fieldUi.items as Ui | undefined) ?? {}) };
    rowUi['ui:options'] = { ...uiOptionsOf(rowUi), subtableRow: true };
    for (const column of Object.keys(property.items?.properties ?? {})) {
      const cellUi = (rowUi[column] as Ui | undefined) ?? {};
      rowUi[column] = { ...cellUi, 'ui:label': false, 'ui:options': { ...uiOptionsOf(cellUi), subtableCell: true } };
    }
    ui[key] = { ...fieldUi, items: rowUi };
  }
  return { schema: root, uiSchema: ui as UiSchema };
}

export interface SectionGroup {
  /** null for the fields outside any section, shown first without a heading. */
  key: string | null;
  title: string;
  names: string[];
}

/**
 * Fields grouped by section, in section order; within a group, in the order given. A field
 * naming an unknown section goes with the fields outside sections. Empty groups are left out.
 */
export function sectionGroups(
  names: string[],
  sectionOf: (name: string) => string | undefined,
  sections: { key: string; title: string }[],
): SectionGroup[] {
  const known = new Set(sections.map((section) => section.key));
  const groups: SectionGroup[] = [{ key: null, title: '', names: [] }, ...sections.map((section) => ({ key: section.key, title: section.title, names: [] as string[] }))];
  for (const name of names) {
    const section = sectionOf(name);
    const group = section && known.has(section) ? groups.find((candidate) => candidate.key === section) : groups[0];
    group?.names.push(name);
  }
  return groups.filter((group) => group.names.length > 0);
}

export interface SubtableColumn {
  key: string;
  title: string;
  required: boolean;
}

/** The columns of a sub-table as its header shows them: the rows' property order, hidden ones left out. */
export function subtableColumns(itemSchema: JsonSchema, itemUi: Ui): SubtableColumn[] {
  const properties = itemSchema.properties ?? {};
  const order = Array.isArray(itemUi['ui:order']) ? (itemUi['ui:order'] as string[]) : [];
  const keys = [...order.filter((key) => key in properties), ...Object.keys(properties).filter((key) => !order.includes(key))];
  const required = new Set(itemSchema.required ?? []);
  return keys
    .filter((key) => (itemUi[key] as Ui | undefined)?.['ui:widget'] !== 'hidden')
    .map((key) => ({ key, title: properties[key].title ?? key, required: required.has(key) }));
}

/** The grid of a sub-table's header and rows: one equal share per column, never narrower than a picker. */
export function subtableGrid(columns: number): string {
  return `repeat(${Math.max(columns, 1)}, minmax(140px, 1fr))`;
}

/**
 * What decides the form's shape besides the definition: the set of fields visible for the
 * values typed so far. The schema is rebuilt only when it changes, not on every keystroke.
 */
export function visibilityKey(def: EntityDefinition, data: Record<string, unknown>): string {
  return [...visibleFieldKeys(def, data)].join(',');
}

/** A new record's starting values: the defaults admins set on fields people fill in. */
export function initialValues(def: EntityDefinition): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of def.fields) {
    if (field.default === undefined || field.default === null || fieldType(field.type).computed) continue;
    // "$me" is left to the server, which fills it with whoever saves; "$today" and "$now" show as such.
    if (field.default === '$me') continue;
    if (field.default === '$today') data[field.key] = new Date().toISOString().slice(0, 10);
    else if (field.default === '$now') data[field.key] = new Date().toISOString();
    else data[field.key] = structuredClone(field.default);
  }
  return data;
}

/**
 * How rjsf fills a form's starting state. A form holds only what the definition defaults and
 * what people type: no empty objects or rows for values nobody typed (an address, a
 * sub-table), and no first option of a select (rjsf treats the `const` of a oneOf's first
 * entry as a default otherwise, so an optional select would save a value nobody chose).
 */
export const FORM_DEFAULTS = { emptyObjectFields: 'skipEmptyDefaults', constAsDefaults: 'skipOneOf' } as const;

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Equal as stored values: key order and empty values do not count. */
function sameValue(a: unknown, b: unknown): boolean {
  if (isBlank(a) && isBlank(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return a === b;
}

/**
 * What an edit changes: the fields whose value differs from the stored one, a cleared field
 * as null. An edit sends only these (PATCH), so a field nobody touched is never written.
 */
export function changedValues(stored: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(stored), ...Object.keys(next)])) {
    if (sameValue(stored[key], next[key])) continue;
    changes[key] = isBlank(next[key]) ? null : next[key];
  }
  return changes;
}
