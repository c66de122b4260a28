import type { FieldType } from '@/lib/fields/field.types';
import { choiceFilter } from '@/lib/fields/filters';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { isObject } from '@/lib/fields/settings-checks';

export const RECORD_ID = /^[0-9a-f]{24}$/;

/** Points at one or many records of another entity; stores their ids. */
export const relationType: FieldType = {
  key: 'relation',
  holdsSeveral: (field) => Boolean(field.relation?.many),
  label: { 'zh-CN': '关联记录', en: 'Relation' },
  settings: ['relation'],
  schema: (field) =>
    field.relation?.many
      ? { type: 'array', items: { type: 'string', format: 'record-id' }, uniqueItems: true, maxItems: 500 }
      : { type: 'string', format: 'record-id' },
  ui: (field) => ({ 'ui:widget': 'relation', 'ui:options': { entity: field.relation?.entity, many: Boolean(field.relation?.many), columns: field.relation?.columns ?? [] } }),
  normalise: (value) => (Array.isArray(value) && value.length === 0 ? undefined : value),
  operators: ['anyOf', 'noneOf', 'empty', 'notEmpty'],
  filter: (field, op, value) => choiceFilter(field, op, value, (item) => (typeof item === 'string' && RECORD_ID.test(item) ? item : null)),
  sortable: false,
  groupable: true,
  aggregations: ['count', 'distinct'],
  // Many records in one value would count a record under each: not a dimension.
  groupKind: (field) => (field.relation?.many ? undefined : 'record'),
  indexed: true,
  toText: (value, _field, ctx) => ctx.refName ?? (Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : ''),
  // Imports resolve display names to ids before this; here only ids are understood.
  fromText: (text, field) => {
    const ids = text.split(/[,，;；\s]+/).filter(Boolean);
    if (!ids.every((id) => RECORD_ID.test(id))) return { ok: false, error: `"${text}" is not a record id` };
    return { ok: true, value: field.relation?.many ? ids : ids[0] };
  },
  toFormula: (value) => (typeof value === 'string' ? value : null),
  formulaKind: () => 'text',
  settingsProblems: (field, where) => {
    const relation = field.relation as unknown;
    if (!isObject(relation) || typeof relation.entity !== 'string' || !relation.entity) return [`${where}: needs the entity it points to`];
    return [...(relation.many !== undefined && typeof relation.many !== 'boolean' ? [`${where}: relation.many must be true or false`] : []), ...pickerColumnsShapeProblems(relation.columns, where)];
  },
};

/** Most columns a relation picker shows beside each record's name. */
export const MAX_PICKER_COLUMNS = 4;

/** relation.columns: a short list of field keys of the related entity, shown in the picker beside each record's name. */
function pickerColumnsShapeProblems(columns: unknown, where: string): string[] {
  if (columns === undefined) return [];
  if (!Array.isArray(columns) || columns.some((column) => typeof column !== 'string' || !column)) return [`${where}: relation.columns must list field keys of the related entity`];
  if (columns.length > MAX_PICKER_COLUMNS) return [`${where}: a picker shows at most ${MAX_PICKER_COLUMNS} columns`];
  return new Set(columns).size === columns.length ? [] : [`${where}: relation.columns names a field twice`];
}

/** relation.columns name fields the related entity has and that read as a short text (checked once that entity is known). */
export function pickerColumnsProblems(field: FieldDefinition, related: { key: string; fields: FieldDefinition[] }, where: string): string[] {
  const columns = field.relation?.columns;
  if (!Array.isArray(columns)) return [];
  const problems: string[] = [];
  for (const key of columns) {
    const column = related.fields.find((candidate) => candidate.key === key);
    if (!column) problems.push(`${where}: the picker shows "${key}", which is not a field of "${related.key}"`);
    else if (column.type === 'subtable' || column.type === 'attachment') problems.push(`${where}: the picker cannot show "${key}", a ${column.type} field`);
  }
  return problems;
}
