import { Decimal, parseDecimalText } from '@/lib/fields/decimal';

/**
 * Money in the form: people type major units (yuan, dollars), records store an integer of
 * minor units (fen, cents). Conversions go through decimal text, never float multiplication.
 */

/** 123456 with scale 2 → "1234.56". */
export function minorToMajorText(minor: number, scale: number): string {
  return new Decimal(minor).div(new Decimal(10).pow(scale)).toFixed(scale);
}

/**
 * "1,234.56" with scale 2 → 123456, exactly. More decimals than the field keeps give null
 * (the form then refuses the amount and says how many decimals it keeps: nothing is rounded
 * away), as do text that is not a number and an amount past the safe integer range.
 */
export function majorTextToMinor(text: string, scale: number): number | null {
  const major = parseDecimalText(text);
  if (!major || major.decimalPlaces() > scale) return null;
  const minor = major.mul(new Decimal(10).pow(scale));
  return minor.abs().lte(Number.MAX_SAFE_INTEGER) ? minor.toNumber() + 0 : null;
}

/** The short sign of a currency in the reader's language: CNY → "¥", USD → "$". */
export function currencySymbol(currency: string, locale: string): string {
  try {
    const parts = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0);
    return parts.find((part) => part.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

/** Group separators in the whole part only: "1234567.891" → "1,234,567.891". */
export function groupThousands(text: string): string {
  const [whole, fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** What the input shows back to plain decimal text: "1,234.5" → "1234.5". */
export function ungroupThousands(text: string | undefined): string {
  return (text ?? '').replace(/[,\s\u00a0]/g, '');
}
