import type { FieldType } from '@/lib/fields/field.types';
import { Decimal, toDecimal } from '@/lib/fields/decimal';
import { NUMBER_OPERATORS, numberFilter } from '@/lib/fields/filters';

function rounded(value: unknown, precision: number | undefined): unknown {
  const decimal = toDecimal(value);
  if (!decimal) return value;
  return decimal.toDecimalPlaces(precision ?? 0).toNumber();
}

/** A plain number, rounded half-up to the field's decimals when stored. */
export const numberType: FieldType = {
  key: 'number',
  label: { 'zh-CN': '数字', en: 'Number' },
  settings: ['min', 'max', 'precision', 'unique', 'default'],
  schema: (field) => ({
    type: field.precision ? 'number' : 'integer',
    ...(field.min !== undefined ? { minimum: field.min } : {}),
    ...(field.max !== undefined ? { maximum: field.max } : {}),
  }),
  ui: (field) => ({ 'ui:widget': 'decimal', 'ui:options': { precision: field.precision ?? 0 } }),
  normalise: (value, field) => rounded(value, field.precision),
  operators: NUMBER_OPERATORS,
  filter: (field, op, value) => numberFilter(field, op, value, (raw) => toDecimal(raw)?.toNumber() ?? null),
  sortable: true,
  groupable: false,
  aggregations: ['count', 'sum', 'avg', 'min', 'max', 'distinct'],
  numeric: (field) => ({ kind: 'number', precision: field.precision ?? 0 }),
  indexed: false,
  toText: (value, field, ctx) =>
    typeof value === 'number'
      ? new Intl.NumberFormat(ctx.locale, { minimumFractionDigits: field.precision ?? 0, maximumFractionDigits: field.precision ?? 0 }).format(value)
      : '',
  fromText: (text, field) => {
    const decimal = toDecimal(text);
    return decimal ? { ok: true, value: decimal.toDecimalPlaces(field.precision ?? 0).toNumber() } : { ok: false, error: `"${text}" is not a number` };
  },
  toFormula: (value) => (typeof value === 'number' ? new Decimal(value) : null),
};
