import type { FieldType } from '@/lib/fields/field.types';
import { choiceFilter } from '@/lib/fields/filters';
import { RECORD_ID } from '@/lib/fields/types/relation';

/** A member of the organisation, stored as the user's id. */
export const userType: FieldType = {
  key: 'user',
  label: { 'zh-CN': '成员', en: 'User' },
  settings: ['default'],
  schema: () => ({ type: 'string', format: 'record-id' }),
  ui: () => ({ 'ui:widget': 'user' }),
  operators: ['isMe', 'anyOf', 'noneOf', 'empty', 'notEmpty'],
  filter: (field, op, value, ctx) => {
    if (op === 'isMe') return { [field.key]: ctx.actorId ?? '' };
    return choiceFilter(field, op, value, (item) => (typeof item === 'string' && RECORD_ID.test(item) ? item : null));
  },
  sortable: false,
  groupable: true,
  aggregations: ['count'],
  indexed: true,
  toText: (value, _field, ctx) => ctx.refName ?? (typeof value === 'string' ? value : ''),
  fromText: (text) => (RECORD_ID.test(text.trim()) ? { ok: true, value: text.trim() } : { ok: false, error: `"${text}" is not a user id` }),
  toFormula: (value) => (typeof value === 'string' ? value : null),
  formulaKind: () => 'text',
};
