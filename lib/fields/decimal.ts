import DecimalBase from 'decimal.js';

/** Decimal arithmetic for stored numbers and money: never binary floats where exactness matters. */
export const Decimal = DecimalBase.clone({ precision: 34, rounding: DecimalBase.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

/**
 * A number as people write it: "1,234.56", "¥ 1 234", "-12.5", "12.5%", and as Intl writes
 * money ("CNY 1,234.56", "CN¥1,234.56", "-US$5"). Currency codes and signs, group separators
 * and spaces go; anything else that is not a plain decimal is refused.
 */
export function parseDecimalText(text: string): Decimal | null {
  const cleaned = text
    .trim()
    .replace(/^([-+]?)\s*(?:[A-Z]{3}\s*|[A-Z]{1,2}(?=[¥￥$€£]))/, '$1')
    .replace(/[¥￥$€£,\s\u00a0%]/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return null;
  return new Decimal(cleaned);
}

export function toDecimal(value: unknown): Decimal | null {
  if (typeof value === 'number' && Number.isFinite(value)) return new Decimal(value);
  if (typeof value === 'string') return parseDecimalText(value);
  return null;
}

const scales = new Map<string, number>();

/** Digits after the point of a currency's minor unit (CNY 2, JPY 0, KWD 3); asked per value, so remembered. */
export function currencyScale(currency: string | undefined): number {
  const code = currency || 'CNY';
  let scale = scales.get(code);
  if (scale === undefined) {
    try {
      scale = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      scale = 2;
    }
    if (scales.size < 1000) scales.set(code, scale);
  }
  return scale;
}
