import type { FieldDefinition, FieldType } from '@/lib/fields/field.types';
import { currencyScale, Decimal, MAX_MONEY_SCALE, parseDecimalText } from '@/lib/fields/decimal';
import { currencyProblem, rangeProblem, wholeProblem } from '@/lib/fields/settings-checks';
import { NUMBER_OPERATORS, numberFilter } from '@/lib/fields/filters';

/**
 * Decimals a money field keeps: its own `scale` (up to 6, for unit prices), else its
 * currency's minor unit (CNY 2, JPY 0, KWD 3).
 */
export function moneyScale(field: Pick<FieldDefinition, 'currency' | 'scale'>): number {
  return field.scale ?? currencyScale(field.currency);
}

/**
 * Money is stored as an integer count of 10^-scale units of its currency (fen, cents, or
 * finer for unit prices), so sums and comparisons are exact. The HTTP API takes and returns
 * that integer; text input ("¥1,234.56", "1234.5") is converted exactly, and more decimals
 * than the field keeps are refused rather than rounded away.
 */
export function moneyFromText(text: string, field: Pick<FieldDefinition, 'currency' | 'scale'>): number | null {
  const decimal = parseDecimalText(text);
  if (!decimal) return null;
  const minor = decimal.mul(new Decimal(10).pow(moneyScale(field)));
  return minor.isInteger() && minor.abs().lte(Number.MAX_SAFE_INTEGER) ? minor.toNumber() + 0 : null;
}

/** Stored units as a plain decimal text in major units: 123456 at scale 2 → "1234.56". */
export function moneyToDecimalText(minor: number, field: Pick<FieldDefinition, 'currency' | 'scale'>): string {
  const scale = moneyScale(field);
  return new Decimal(minor).div(new Decimal(10).pow(scale)).toFixed(scale);
}

/** Stored units as a decimal in major units (exact). */
export function moneyToMajor(minor: number, field: Pick<FieldDefinition, 'currency' | 'scale'>): Decimal {
  return new Decimal(minor).div(new Decimal(10).pow(moneyScale(field)));
}

function minorUnits(value: unknown, field: FieldDefinition): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'string') return moneyFromText(value, field);
  return null;
}

export const moneyType: FieldType = {
  key: 'money',
  label: { 'zh-CN': '金额', en: 'Money' },
  settings: ['currency', 'scale', 'min', 'max', 'default'],
  schema: (field) => ({
    type: 'integer',
    ...(field.min !== undefined ? { minimum: field.min } : {}),
    ...(field.max !== undefined ? { maximum: field.max } : {}),
  }),
  ui: (field) => ({ 'ui:widget': 'money', 'ui:options': { currency: field.currency ?? 'CNY', scale: moneyScale(field) } }),
  // A decimal text becomes stored units; anything unconvertible stays as is and fails validation.
  normalise: (value, field) => (typeof value === 'string' ? (moneyFromText(value, field) ?? value) : value),
  operators: NUMBER_OPERATORS,
  // People filter in yuan, not fen: numbers typed into the filter builder are major units.
  filter: (field, op, value) =>
    numberFilter(field, op, value, (raw) => (typeof raw === 'number' || typeof raw === 'string' ? moneyFromText(String(raw), field) : null)),
  sortable: true,
  publicForm: true,
  aggregations: ['count', 'sum', 'avg', 'min', 'max', 'distinct'],
  numeric: (field) => ({ kind: 'money', currency: field.currency ?? 'CNY', scale: currencyScale(field.currency) }),
  toText: (value, field, ctx) => {
    const minor = minorUnits(value, field);
    if (minor === null) return '';
    const scale = moneyScale(field);
    const formatter = new Intl.NumberFormat(ctx.locale, { style: 'currency', currency: field.currency ?? 'CNY', minimumFractionDigits: Math.min(scale, currencyScale(field.currency)), maximumFractionDigits: scale });
    // format() takes a decimal string exactly (Intl.NumberFormat v3), so no float rounding.
    return formatter.format(moneyToDecimalText(minor, field) as unknown as number);
  },
  toPlainText: (value, field) => {
    const minor = minorUnits(value, field);
    return minor === null ? '' : moneyToDecimalText(minor, field);
  },
  fromText: (text, field) => {
    const scale = moneyScale(field);
    const decimal = parseDecimalText(text);
    if (decimal && decimal.decimalPlaces() > scale) return { ok: false, error: `"${text}" has more than ${scale} decimals`, decimals: scale };
    const minor = moneyFromText(text, field);
    return minor === null ? { ok: false, error: `"${text}" is not an amount with at most ${scale} decimals` } : { ok: true, value: minor };
  },
  toFormula: (value, field) => {
    const minor = minorUnits(value, field);
    return minor === null ? null : moneyToMajor(minor, field);
  },
  formulaKind: () => 'number',
  settingsProblems: (field, where) => [
    ...currencyProblem(where, field.currency),
    ...wholeProblem(where, 'scale', field.scale, 0, MAX_MONEY_SCALE),
    ...(field.min !== undefined && !Number.isSafeInteger(field.min) ? [`${where}: min must be a whole number of minor units`] : []),
    ...(field.max !== undefined && !Number.isSafeInteger(field.max) ? [`${where}: max must be a whole number of minor units`] : []),
    ...rangeProblem(where, field.min, field.max),
  ],
};
