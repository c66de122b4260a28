import type { FieldType } from '@/lib/fields/field.types';
import { DATE_OPERATORS, dateFilter } from '@/lib/fields/filters';
import { parseDay } from '@/lib/fields/dates';

/** A calendar day, stored as "YYYY-MM-DD" (sorts and compares as text). */
export const dateType: FieldType = {
  key: 'date',
  dated: true,
  label: { 'zh-CN': '日期', en: 'Date' },
  settings: ['default'],
  schema: () => ({ type: 'string', format: 'date' }),
  ui: () => ({ 'ui:widget': 'day' }),
  normalise: (value) => parseDay(value)?.format('YYYY-MM-DD') ?? value,
  operators: DATE_OPERATORS,
  filter: (field, op, value, ctx) => dateFilter(field, op, value, ctx.now ?? new Date(), (raw) => parseDay(raw)?.format('YYYY-MM-DD') ?? null),
  sortable: true,
  publicForm: true,
  groupable: true,
  aggregations: ['count', 'min', 'max', 'distinct'],
  groupKind: () => 'day',
  toText: (value) => (typeof value === 'string' ? value : ''),
  fromText: (text) => {
    const day = parseDay(text);
    return day ? { ok: true, value: day.format('YYYY-MM-DD') } : { ok: false, error: `"${text}" is not a date like 2026-11-23` };
  },
  toFormula: (value) => (typeof value === 'string' ? value : null),
  formulaKind: () => 'text',
};
