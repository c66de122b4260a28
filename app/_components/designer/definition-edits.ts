import type { EntityDefinition, SectionDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import type { LocalizedText } from '@/lib/i18n/locale';
import { nextKey } from './field-factory';

/*
 * Pure edits of a definition. The canvas is one flat list of ids, section headers included:
 * a field belongs to the section whose header comes before it, so dragging across a header
 * moves a field between sections with no special case.
 */
const FIELD = 'field:';
const SECTION = 'section:';
export const fieldId = (key: string) => `${FIELD}${key}`;
export const sectionId = (key: string) => `${SECTION}${key}`;
export const isSectionId = (id: string) => id.startsWith(SECTION);
export const keyOfId = (id: string) => (isSectionId(id) ? id.slice(SECTION.length) : id.slice(FIELD.length));

function withSection(field: FieldDefinition, section: string | undefined): FieldDefinition {
  const { section: _old, ...rest } = field;
  return section ? { ...rest, section } : rest;
}

export function canvasIds(def: EntityDefinition): string[] {
  const sections = def.sections ?? [];
  const known = new Set(sections.map((section) => section.key));
  const loose = def.fields.filter((field) => !field.section || !known.has(field.section));
  return [
    ...loose.map((field) => fieldId(field.key)),
    ...sections.flatMap((section) => [sectionId(section.key), ...def.fields.filter((f) => f.section === section.key).map((f) => fieldId(f.key))]),
  ];
}

/** Fields in the order of the ids, each in the section of the header before it. */
export function applyCanvasIds(def: EntityDefinition, ids: string[], added?: FieldDefinition): EntityDefinition {
  const byKey = new Map(def.fields.map((field) => [field.key, field]));
  if (added) byKey.set(added.key, added);
  let section: string | undefined;
  const fields: FieldDefinition[] = [];
  for (const id of ids) {
    if (isSectionId(id)) section = keyOfId(id);
    else {
      const field = byKey.get(keyOfId(id));
      if (field) fields.push(withSection(field, section));
    }
  }
  return { ...def, fields };
}

/** Adds a field after another one (in its section), or at the end. */
export function insertField(def: EntityDefinition, field: FieldDefinition, afterKey?: string): EntityDefinition {
  const ids = canvasIds(def);
  const at = afterKey ? ids.indexOf(fieldId(afterKey)) : -1;
  ids.splice(at < 0 ? ids.length : at + 1, 0, fieldId(field.key));
  return applyCanvasIds(def, ids, field);
}

export function updateField(def: EntityDefinition, key: string, patch: Partial<FieldDefinition>): EntityDefinition {
  return { ...def, fields: def.fields.map((field) => (field.key === key ? { ...field, ...patch } : field)) };
}

/** Moves a field to the end of a section (or of the fields outside sections). */
export function moveToSection(def: EntityDefinition, key: string, section: string | undefined): EntityDefinition {
  const ids = canvasIds(def).filter((id) => id !== fieldId(key));
  const start = section ? ids.indexOf(sectionId(section)) + 1 : 0;
  const next = ids.findIndex((id, index) => index >= start && isSectionId(id));
  ids.splice(next < 0 ? ids.length : next, 0, fieldId(key));
  return applyCanvasIds(def, ids);
}

/** Drops every reference to a field: entity settings, visibility rules and fills from it. */
export function removeField(def: EntityDefinition, key: string): EntityDefinition {
  const fields = def.fields
    .filter((field) => field.key !== key)
    .map((field) => (field.visibleWhen?.field === key ? { ...field, visibleWhen: undefined } : field))
    .map((field) => (field.fillFrom?.relation === key ? { ...field, fillFrom: undefined } : field));
  return {
    ...def,
    fields,
    displayField: def.displayField === key ? '' : def.displayField,
    kanbanField: def.kanbanField === key ? undefined : def.kanbanField,
    listView: {
      ...def.listView,
      columns: def.listView.columns.filter((column) => column !== key),
      sort: def.listView.sort.filter((sort) => sort.field !== key),
    },
  };
}

/** Renames an unpublished field's key everywhere the definition names it (formulas are checked by the server). */
export function renameField(def: EntityDefinition, from: string, to: string): EntityDefinition {
  const swap = (key: string) => (key === from ? to : key);
  return {
    ...def,
    fields: def.fields.map((field) => ({
      ...field,
      key: swap(field.key),
      ...(field.visibleWhen ? { visibleWhen: { ...field.visibleWhen, field: swap(field.visibleWhen.field) } } : {}),
      ...(field.fillFrom ? { fillFrom: { ...field.fillFrom, relation: swap(field.fillFrom.relation) } } : {}),
    })),
    displayField: swap(def.displayField),
    kanbanField: def.kanbanField && swap(def.kanbanField),
    listView: { ...def.listView, columns: def.listView.columns.map(swap), sort: def.listView.sort.map((s) => ({ ...s, field: swap(s.field) })) },
  };
}

export function addSection(def: EntityDefinition): EntityDefinition {
  const sections = def.sections ?? [];
  const key = nextKey('section', sections.map((section) => section.key));
  const n = key.slice('section_'.length);
  return { ...def, sections: [...sections, { key, label: { 'zh-CN': `分组 ${n}`, en: `Section ${n}` } }] };
}

export function relabelSection(def: EntityDefinition, key: string, label: LocalizedText): EntityDefinition {
  return { ...def, sections: (def.sections ?? []).map((section) => (section.key === key ? { ...section, label } : section)) };
}

/** Its fields stay, outside any section. */
export function removeSection(def: EntityDefinition, key: string): EntityDefinition {
  const sections = (def.sections ?? []).filter((section) => section.key !== key);
  const fields = def.fields.map((field) => (field.section === key ? withSection(field, undefined) : field));
  return applyCanvasIds({ ...def, sections }, canvasIds({ ...def, sections, fields }));
}

export function moveSection(def: EntityDefinition, key: string, delta: -1 | 1): EntityDefinition {
  const sections: SectionDefinition[] = [...(def.sections ?? [])];
  const from = sections.findIndex((section) => section.key === key);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= sections.length) return def;
  [sections[from], sections[to]] = [sections[to], sections[from]];
  return applyCanvasIds({ ...def, sections }, canvasIds({ ...def, sections }));
}
