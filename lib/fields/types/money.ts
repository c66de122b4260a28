import type { FieldDefinition, FieldType } from '@/lib/fields/field.types';
import { currencyScale, Decimal, parseDecimalText } from '@/lib/fields/decimal';
import { NUMBER_OPERATORS, numberFilter } from '@/lib/fields/filters';

/**
 * Money is stored as an integer count of the currency's minor unit (fen, cents), so sums
 * and comparisons are exact. The HTTP API takes and returns that integer; text input
 * ("¥1,234.56", "1234.5") is converted exactly, and more decimals than the currency has
 * are refused rather than rounded away.
 */
export function moneyFromText(text: string, field: Pick<FieldDefinition, 'currency'>): number | null {
  const decimal = parseDecimalText(text);
  if (!decimal) return null;
  const minor = decimal.mul(new Decimal(10).pow(currencyScale(field.currency)));
  return minor.isInteger() && minor.abs().lte(Number.MAX_SAFE_INTEGER) ? minor.toNumber() : null;
}

/** Minor units as a plain decimal text in major units: 123456 → "1234.56". */
export function moneyToDecimalText(minor: number, currency: string | undefined): string {
  const scale = currencyScale(currency);
  return new Decimal(minor).div(new Decimal(10).pow(scale)).toFixed(scale);
}

function minorUnits(value: unknown, field: FieldDefinition): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'string') return moneyFromText(value, field);
  return null;
}

export const moneyType: FieldType = {
  key: 'money',
  label: { 'zh-CN': '金额', en: 'Money' },
  settings: ['currency', 'min', 'max', 'default'],
  schema: (field) => ({
    type: 'integer',
    ...(field.min !== undefined ? { minimum: field.min } : {}),
    ...(field.max !== undefined ? { maximum: field.max } : {}),
  }),
  ui: (field) => ({ 'ui:widget': 'money', 'ui:options': { currency: field.currency ?? 'CNY', scale: currencyScale(field.currency) } }),
  // A decimal text becomes minor units; anything unconvertible stays as is and fails validation.
  normalise: (value, field) => (typeof value === 'string' ? (moneyFromText(value, field) ?? value) : value),
  operators: NUMBER_OPERATORS,
  // People filter in yuan, not fen: numbers typed into the filter builder are major units.
  filter: (field, op, value) =>
    numberFilter(field, op, value, (raw) => (typeof raw === 'number' || typeof raw === 'string' ? moneyFromText(String(raw), field) : null)),
  sortable: true,
  aggregations: ['count', 'sum', 'avg', 'min', 'max', 'distinct'],
  numeric: (field) => ({ kind: 'money', currency: field.currency ?? 'CNY', scale: currencyScale(field.currency) }),
  toText: (value, field, ctx) => {
    const minor = minorUnits(value, field);
    if (minor === null) return '';
    const formatter = new Intl.NumberFormat(ctx.locale, { style: 'currency', currency: field.currency ?? 'CNY' });
    // format() takes a decimal string exactly (Intl.NumberFormat v3), so no float rounding.
    return formatter.format(moneyToDecimalText(minor, field.currency) as unknown as number);
  },
  fromText: (text, field) => {
    const minor = moneyFromText(text, field);
    return minor === null
      ? { ok: false, error: `"${text}" is not an amount with at most ${currencyScale(field.currency)} decimals` }
      : { ok: true, value: minor };
  },
  toFormula: (value, field) => {
    const minor = minorUnits(value, field);
    return minor === null ? null : new Decimal(minor).div(new Decimal(10).pow(currencyScale(field.currency)));
  },
};
