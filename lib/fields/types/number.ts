import type { FieldDefinition, FieldType, ParseResult } from '@/lib/fields/field.types';
import { Decimal, MAX_PRECISION, readNumber, toDecimal } from '@/lib/fields/decimal';
import { numberProblem, rangeProblem, wholeProblem } from '@/lib/fields/settings-checks';
import { NUMBER_OPERATORS, numberFilter } from '@/lib/fields/filters';

/**
 * A number field's value from text (imports, filter values): exactly as written. More
 * decimals than the field keeps are refused with the limit, never rounded away.
 */
export function numberFromText(text: string, decimals: number | undefined, what = 'a number'): ParseResult {
  const reading = readNumber(text, decimals);
  if (reading.ok) return { ok: true, value: reading.value };
  if (reading.reason === 'decimals') return { ok: false, error: `"${text}" has more than ${reading.decimals} decimals`, decimals: reading.decimals };
  if (reading.reason === 'digits') return { ok: false, error: `"${text}" has more digits than a number keeps (15 significant)` };
  return { ok: false, error: `"${text}" is not ${what}` };
}

/**
 * Typed input in its stored form: a number stays as given, a decimal text becomes the number
 * it says exactly. Anything else stays as is, for validation to refuse with the field named.
 */
export function numberInput(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const reading = readNumber(value, undefined);
  return reading.ok ? reading.value : value;
}

/** The keywords of a number that keeps `precision` decimals (undefined: what people type). */
export function decimalSchema(precision: number | undefined) {
  return precision === 0 ? { type: 'integer' } : { type: 'number', ...(precision !== undefined ? { decimals: precision } : {}) };
}

/** The text of a number with the field's decimals, or as stored when it keeps what people type. */
export function formatNumber(value: number, field: Pick<FieldDefinition, 'precision'>, locale: string): string {
  const digits = field.precision ?? Math.min(new Decimal(value).decimalPlaces(), 20);
  return new Intl.NumberFormat(locale, { minimumFractionDigits: field.precision ?? 0, maximumFractionDigits: digits }).format(value);
}

/** A number as plain decimal text: the field's decimals, or as stored; never grouped nor in exponent form. */
export function plainNumber(value: unknown, precision: number | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  return precision === undefined ? new Decimal(value).toFixed() : new Decimal(value).toFixed(precision);
}

/**
 * A plain number, stored exactly as typed. `precision` limits its decimals: a value with more
 * is refused (forms, API and imports alike), never rounded; without it, any decimals are kept.
 */
export const numberType: FieldType = {
  key: 'number',
  label: { 'zh-CN': '数字', en: 'Number' },
  settings: ['min', 'max', 'precision', 'unique', 'default'],
  schema: (field) => ({
    ...decimalSchema(field.precision),
    ...(field.min !== undefined ? { minimum: field.min } : {}),
    ...(field.max !== undefined ? { maximum: field.max } : {}),
  }),
  ui: (field) => ({ 'ui:widget': 'decimal', 'ui:options': { precision: field.precision } }),
  normalise: (value) => numberInput(value),
  operators: NUMBER_OPERATORS,
  filter: (field, op, value) => numberFilter(field, op, value, (raw) => toDecimal(raw)?.toNumber() ?? null),
  sortable: true,
  publicForm: true,
  groupable: false,
  aggregations: ['count', 'sum', 'avg', 'min', 'max', 'distinct'],
  numeric: (field) => ({ kind: 'number', precision: field.precision ?? 0 }),
  indexed: false,
  toText: (value, field, ctx) => (typeof value === 'number' ? formatNumber(value, field, ctx.locale) : ''),
  toPlainText: (value, field) => plainNumber(value, field.precision),
  fromText: (text, field) => numberFromText(text, field.precision),
  toFormula: (value) => (typeof value === 'number' ? new Decimal(value) : null),
  formulaKind: () => 'number',
  settingsProblems: (field, where) => [
    ...wholeProblem(where, 'precision', field.precision, 0, MAX_PRECISION),
    ...numberProblem(where, 'min', field.min),
    ...numberProblem(where, 'max', field.max),
    ...rangeProblem(where, field.min, field.max),
  ],
};
