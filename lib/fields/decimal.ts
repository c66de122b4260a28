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

/** The most decimals a money field may keep (unit prices: 4 to 6). */
export const MAX_MONEY_SCALE = 6;
/** The most decimals a number or percent field may keep. */
export const MAX_PRECISION = 10;

/** Digits after the point of a number as JavaScript writes it shortest (0.1 → 1, 1e-7 → 7). */
export function decimalsOfNumber(value: number): number {
  return Number.isFinite(value) ? new Decimal(value).decimalPlaces() : 0;
}

/**
 * A decimal as a JavaScript number, only when the number holds it exactly as written: more
 * significant digits than a double keeps (about 15) would be changed silently, so they give null.
 */
export function exactNumber(decimal: Decimal): number | null {
  const number = decimal.toNumber();
  return Number.isFinite(number) && new Decimal(number).eq(decimal) ? number + 0 : null;
}

export type NumberReading =
  | { ok: true; value: number }
  /** Not a number at all, or more digits than a number holds. */
  | { ok: false; reason: 'invalid' | 'digits' }
  /** More decimals than the field keeps: refused, never rounded. */
  | { ok: false; reason: 'decimals'; decimals: number };

/**
 * A typed or imported number as the field keeps it: exactly as written, or refused. `decimals`
 * is the field's limit (undefined: as many as typed).
 */
export function readNumber(value: unknown, decimals: number | undefined): NumberReading {
  const decimal = toDecimal(value);
  if (!decimal) return { ok: false, reason: 'invalid' };
  if (decimals !== undefined && decimal.decimalPlaces() > decimals) return { ok: false, reason: 'decimals', decimals };
  const number = exactNumber(decimal);
  return number === null ? { ok: false, reason: 'digits' } : { ok: true, value: number };
}
