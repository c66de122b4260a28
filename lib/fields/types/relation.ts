import type { FieldType } from '@/lib/fields/field.types';
import { choiceFilter } from '@/lib/fields/filters';
import { isObject } from '@/lib/fields/settings-checks';

export const RECORD_ID = /^[0-9a-f]{24}$/;

/** Points at one or many records of another entity; stores their ids. */
export const relationType: FieldType = {
  key: 'relation',
  label: { 'zh-CN': '关联记录', en: 'Relation' },
  settings: ['relation'],
  schema: (field) =>
    field.relation?.many
      ? { type: 'array', items: { type: 'string', format: 'record-id' }, uniqueItems: true, maxItems: 500 }
      : { type: 'string', format: 'record-id' },
  ui: (field) => ({ 'ui:widget': 'relation', 'ui:options': { entity: field.relation?.entity, many: Boolean(field.relation?.many) } }),
  normalise: (value) => (Array.isArray(value) && value.length === 0 ? undefined : value),
  operators: ['anyOf', 'noneOf', 'empty', 'notEmpty'],
  filter: (field, op, value) => choiceFilter(field, op, value, (item) => (typeof item === 'string' && RECORD_ID.test(item) ? item : null)),
  sortable: false,
  groupable: true,
  aggregations: ['count'],
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
    return relation.many !== undefined && typeof relation.many !== 'boolean' ? [`${where}: relation.many must be true or false`] : [];
  },
};
