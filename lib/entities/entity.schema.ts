import { pick, type Locale } from '@/lib/i18n/locale';
import { translator } from '@/lib/i18n/messages';
import type { EntityDefinition, JsonSchema } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { fieldType } from '@/lib/fields/registry';

/** Fields whose visibility rule holds for these values (a field shown only when its controller is shown). */
export function visibleFieldKeys(def: Pick<EntityDefinition, 'fields'>, data: Record<string, unknown>): Set<string> {
  const byKey = new Map(def.fields.map((field) => [field.key, field]));
  const visible = new Set<string>();
  const isVisible = (field: FieldDefinition, depth: number): boolean => {
    const rule = field.visibleWhen;
    if (!rule) return true;
    const controller = byKey.get(rule.field);
    if (!controller || depth > 20 || !isVisible(controller, depth + 1)) return false;
    const value = data[rule.field];
    const values = Array.isArray(value) ? value : [value];
    return values.some((item) => rule.in.includes(item as string | number | boolean));
  };
  for (const field of def.fields) if (isVisible(field, 0)) visible.add(field.key);
  return visible;
}

function columnsOf(field: FieldDefinition): FieldDefinition[] {
  return field.fields ?? [];
}

/**
 * The JSON Schema a record's input must satisfy, for the fields shown with these values:
 * a field hidden by its visibility rule is neither required nor kept. Computed fields are
 * not input, so they are not in it.
 */
export function recordSchema(def: EntityDefinition, visible: Set<string>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of def.fields) {
    const type = fieldType(field.type);
    if (type.computed || !visible.has(field.key)) continue;
    properties[field.key] = type.schema(field);
    if (field.required) required.push(field.key);
  }
  return { type: 'object', additionalProperties: false, required, properties };
}

function optionTitles(field: FieldDefinition, locale: Locale, allowed?: string[]): JsonSchema[] {
  return (field.options ?? [])
    .filter((option) => !allowed || allowed.includes(option.value))
    .map((option) => ({ const: option.value, title: pick(option.label, locale) || option.value }));
}

/**
 * The values a select may be given when its stored value is `current`: with transitions, that
 * value and the ones it may change to; never a value only an action sets (SelectOption.onlyByAction),
 * unless it is the one stored. Undefined when any option will do.
 */
export function allowedSelectValues(field: FieldDefinition, current: unknown): string[] | undefined {
  if (field.type !== 'select') return undefined;
  const options = Array.isArray(field.options) ? field.options : [];
  const known = typeof current === 'string' && options.some((option) => option.value === current);
  const moves = field.transitions && known ? [current as string, ...(field.transitions[current as string] ?? [])] : undefined;
  const actionOnly = new Set(options.filter((option) => option.onlyByAction && option.value !== current).map((option) => option.value));
  if (!moves && actionOnly.size === 0) return undefined;
  return (moves ?? options.map((option) => option.value)).filter((value) => !actionOnly.has(value));
}

/** One field's schema and uiSchema as the form renders it: labels, help and option names in one language. */
function formField(field: FieldDefinition, locale: Locale, allowed?: string[]): { schema: JsonSchema; ui: Record<string, unknown> } {
  const type = fieldType(field.type);
  const schema: JsonSchema = { ...type.schema(field), title: pick(field.label, locale) || field.key };
  if (field.type === 'select') {
    delete schema.enum;
    schema.oneOf = optionTitles(field, locale, allowed);
  }
  if (field.type === 'multiselect') schema.items = { type: 'string', oneOf: optionTitles(field, locale) };
  if (field.type === 'subtable') {
    const columns = columnsOf(field).map((column) => [column.key, formField(column, locale)] as const);
    schema.items = { ...(schema.items as JsonSchema), properties: Object.fromEntries(columns.map(([key, part]) => [key, part.schema])) };
    const ui: Record<string, unknown> = { ...type.ui(field), items: { ...Object.fromEntries(columns.map(([key, part]) => [key, part.ui])), 'ui:order': columnsOf(field).map((c) => c.key) } };
    return { schema, ui: { ...ui, 'ui:title': schema.title } };
  }
  const ui: Record<string, unknown> = { ...type.ui(field) };
  if (field.help) ui['ui:help'] = pick(field.help, locale);
  // Said beside the field: it is encrypted, so lists cannot search, filter or sort by it.
  if (field.sensitive) ui['ui:help'] = [ui['ui:help'], `🔒 ${translator(locale)('field.sensitiveNote')}`].filter(Boolean).join(' ');
  if (field.readOnly || type.computed) ui['ui:readonly'] = true;
  return { schema, ui };
}

/**
 * The form of an entity for one language and the values typed so far. Fields hidden by a
 * setting or by their visibility rule are left out (their values stay in the form data);
 * the browser validates with the same keywords the server does. When editing, `stored` holds
 * the record's saved values: a select with transitions offers its saved value and the values
 * that may follow it.
 */
export function formSchemaFor(
  def: EntityDefinition,
  locale: Locale,
  data: Record<string, unknown> = {},
  stored?: Record<string, unknown>,
): { schema: JsonSchema; uiSchema: Record<string, unknown> } {
  const visible = visibleFieldKeys(def, data);
  const properties: Record<string, JsonSchema> = {};
  const uiSchema: Record<string, unknown> = {};
  const required: string[] = [];
  const order: string[] = [];
  for (const field of def.fields) {
    if (field.hidden || !visible.has(field.key)) continue;
    const { schema, ui } = formField(field, locale, allowedSelectValues(field, stored?.[field.key]));
    properties[field.key] = schema;
    uiSchema[field.key] = { ...ui, 'ui:section': field.section };
    if (field.required && !fieldType(field.type).computed) required.push(field.key);
    order.push(field.key);
  }
  uiSchema['ui:order'] = [...order, '*'];
  uiSchema['ui:options'] = {
    sections: (def.sections ?? []).map((section) => ({ key: section.key, title: pick(section.label, locale) })),
  };
  // Values of fields left out of the form are extra here, not errors: the server decides.
  return { schema: { type: 'object', additionalProperties: true, required, properties }, uiSchema };
}

export function findField(def: Pick<EntityDefinition, 'fields'>, key: string): FieldDefinition | undefined {
  return def.fields.find((field) => field.key === key);
}
