import type { FieldType } from '@/lib/fields/field.types';
import { Decimal, MAX_PRECISION, toDecimal } from '@/lib/fields/decimal';
import { numberProblem, rangeProblem, wholeProblem } from '@/lib/fields/settings-checks';
import { NUMBER_OPERATORS, numberFilter } from '@/lib/fields/filters';
import { decimalSchema, formatNumber, numberFromText, numberInput, plainNumber } from '@/lib/fields/types/number';

/**
 * Stored as the percentage (15 means 15 %); formulas see the fraction (0.15). Like a number,
 * it keeps what people type, and `precision` limits its decimals by refusing more.
 */
export const percentType: FieldType = {
  key: 'percent',
  label: { 'zh-CN': '百分比', en: 'Percent' },
  settings: ['min', 'max', 'precision', 'default'],
  schema: (field) => ({
    ...decimalSchema(field.precision),
    minimum: field.min ?? 0,
    maximum: field.max ?? 100,
  }),
  ui: (field) => ({ 'ui:widget': 'decimal', 'ui:options': { precision: field.precision, suffix: '%' } }),
  normalise: (value) => numberInput(value),
  operators: NUMBER_OPERATORS,
  filter: (field, op, value) => numberFilter(field, op, value, (raw) => toDecimal(raw)?.toNumber() ?? null),
  sortable: true,
  publicForm: true,
  aggregations: ['count', 'avg', 'min', 'max', 'distinct'],
  numeric: (field) => ({ kind: 'percent', precision: field.precision ?? 0 }),
  toText: (value, field, ctx) => (typeof value === 'number' ? `${formatNumber(value, field, ctx.locale)}%` : ''),
  // The stored percentage (15 for 15 %), as XLSX holds it.
  toPlainText: (value, field) => plainNumber(value, field.precision),
  fromText: (text, field) => numberFromText(text, field.precision, 'a percentage'),
  toFormula: (value) => (typeof value === 'number' ? new Decimal(value).div(100) : null),
  formulaKind: () => 'number',
  settingsProblems: (field, where) => [
    ...wholeProblem(where, 'precision', field.precision, 0, MAX_PRECISION),
    ...numberProblem(where, 'min', field.min),
    ...numberProblem(where, 'max', field.max),
    ...rangeProblem(where, field.min, field.max),
  ],
};
