import { Decimal } from '@/lib/fields/decimal';
import type { Locale } from '@/lib/i18n/locale';
import type { MeasureFormat } from '@/lib/dashboards/dashboard.types';

/**
 * A measure's value as text, exactly: money comes in minor units and is shown in its currency
 * from a decimal string (Intl formats decimal strings without binary rounding); an average
 * of money is rounded half-up to the minor unit, a percentage to one more decimal than the
 * field keeps, a ratio to one decimal of a percent.
 */
export function formatMeasure(value: number | string | null, format: MeasureFormat, locale: Locale): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  const exact = (digits: number, options: Intl.NumberFormatOptions = {}) =>
    new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: digits, ...options }).format(new Decimal(value).toDecimalPlaces(digits, Decimal.ROUND_HALF_UP).toFixed(digits) as unknown as number);
  switch (format.kind) {
    case 'count':
      return exact(2);
    case 'ratio': {
      const percent = new Decimal(value).mul(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1);
      return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(percent as unknown as number)}%`;
    }
    case 'day':
      return String(value);
    case 'money': {
      const major = new Decimal(value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).div(new Decimal(10).pow(format.scale)).toFixed(format.scale);
      return new Intl.NumberFormat(locale, { style: 'currency', currency: format.currency, minimumFractionDigits: format.scale, maximumFractionDigits: format.scale }).format(major as unknown as number);
    }
    case 'percent':
      return `${exact(format.precision + 1)}%`;
    case 'number':
      return exact(Math.max(format.precision, 2));
  }
}

/** A value as a chart plots it: money in major units (yuan), a ratio as a percentage. */
export function plotValue(value: number | string | null, format: MeasureFormat): number | null {
  if (value === null || typeof value === 'string') return null;
  if (format.kind === 'money') return new Decimal(value).div(new Decimal(10).pow(format.scale)).toNumber();
  if (format.kind === 'ratio') return new Decimal(value).mul(100).toDecimalPlaces(4).toNumber();
  return value;
}

/** A value for a spreadsheet or CSV cell: money as an exact decimal in major units, a ratio as a fraction. */
export function exportValue(value: number | string | null, format: MeasureFormat): string | number | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (format.kind === 'money') return new Decimal(value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).div(new Decimal(10).pow(format.scale)).toFixed(format.scale);
  return value;
}

/** A target typed in major units (yuan) as the stored unit of the measure (fen). */
export function targetInStoredUnits(target: number, format: MeasureFormat): number {
  if (format.kind === 'money') return new Decimal(target).mul(new Decimal(10).pow(format.scale)).toNumber();
  if (format.kind === 'ratio') return target / 100;
  return target;
}
