import type { FieldType } from '@/lib/fields/field.types';
import { DATE_OPERATORS, dateFilter } from '@/lib/fields/filters';
import { dayjs, parseMoment } from '@/lib/fields/dates';

/** A moment, stored as UTC ISO text ("…Z"): one zone in storage, shown in the reader's. */
export const datetimeType: FieldType = {
  key: 'datetime',
  dated: true,
  label: { 'zh-CN': '日期时间', en: 'Date & time' },
  settings: ['default'],
  schema: () => ({ type: 'string', format: 'date-time' }),
  ui: () => ({ 'ui:widget': 'moment' }),
  normalise: (value) => parseMoment(value)?.toISOString() ?? value,
  operators: DATE_OPERATORS,
  filter: (field, op, value, ctx) =>
    dateFilter(field, op, value, ctx.now ?? new Date(), (raw, edge) => {
      const moment = parseMoment(raw);
      if (!moment) return null;
      // A bare day covers the whole day; a moment is itself.
      const isDay = typeof raw === 'string' && !/[T ]\d/.test(raw.trim());
      return (isDay || raw instanceof Date ? (edge === 'start' ? moment.startOf('day') : moment.endOf('day')) : moment).toISOString();
    }),
  sortable: true,
  publicForm: true,
  aggregations: ['count', 'min', 'max'],
  groupKind: () => 'moment',
  toText: (value) => (typeof value === 'string' ? dayjs(value).format('YYYY-MM-DD HH:mm') : ''),
  fromText: (text) => {
    const moment = parseMoment(text);
    return moment ? { ok: true, value: moment.toISOString() } : { ok: false, error: `"${text}" is not a date and time like 2026-11-23 14:30` };
  },
  toFormula: (value) => (typeof value === 'string' ? value : null),
  formulaKind: () => 'text',
};
