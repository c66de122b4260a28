import type { FieldType } from '@/lib/fields/field.types';
import { Decimal, toDecimal } from '@/lib/fields/decimal';
import { NUMBER_OPERATORS, numberFilter } from '@/lib/fields/filters';

/** Stored as the percentage (15 means 15 %); formulas see the fraction (0.15). */
export const percentType: FieldType = {
  key: 'percent',
  label: { 'zh-CN': '百分比', en: 'Percent' },
  settings: ['min', 'max', 'precision', 'default'],
  schema: (field) => ({
    type: 'number',
    minimum: field.min ?? 0,
    maximum: field.max ?? 100,
  }),
  ui: (field) => ({ 'ui:widget': 'decimal', 'ui:options': { precision: field.precision ?? 0, suffix: '%' } }),
  normalise: (value, field) => {
    const decimal = toDecimal(value);
    return decimal ? decimal.toDecimalPlaces(field.precision ?? 0).toNumber() : value;
  },
  operators: NUMBER_OPERATORS,
  filter: (field, op, value) => numberFilter(field, op, value, (raw) => toDecimal(raw)?.toNumber() ?? null),
  sortable: true,
  aggregations: ['count', 'avg', 'min', 'max', 'distinct'],
  numeric: (field) => ({ kind: 'percent', precision: field.precision ?? 0 }),
  toText: (value, field, ctx) =>
    typeof value === 'number'
      ? `${new Intl.NumberFormat(ctx.locale, { maximumFractionDigits: field.precision ?? 0, minimumFractionDigits: field.precision ?? 0 }).format(value)}%`
      : '',
  fromText: (text, field) => {
    const decimal = toDecimal(text);
    return decimal ? { ok: true, value: decimal.toDecimalPlaces(field.precision ?? 0).toNumber() } : { ok: false, error: `"${text}" is not a percentage` };
  },
  toFormula: (value) => (typeof value === 'number' ? new Decimal(value).div(100) : null),
};
