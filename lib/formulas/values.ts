import Decimal from 'decimal.js';
import { fail } from '@/lib/formulas/errors';

export type FormulaValue = Decimal | string | boolean | null | FormulaValue[];
/** What a formula can read: field values already converted (numbers as Decimal), and sub-tables as arrays of row scopes. */
export type FormulaScope = { [name: string]: FormulaValue | FormulaScope[] };

/** A clone, so that settings another module gives the global Decimal never change what a formula computes. */
export const Dec = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_UP });

export function isNumber(value: unknown): value is Decimal {
  return Decimal.isDecimal(value);
}

export function kindOf(value: FormulaValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isNumber(value)) return 'a number';
  return typeof value === 'string' ? 'text' : 'a boolean';
}

/**
 * Null counts as 0, as in a spreadsheet; text and booleans are refused rather than guessed at.
 * Decimals from the caller are re-created in our clone, because decimal.js rounds with the receiver's settings
 * (and clones share one prototype, so `instanceof` cannot tell them apart).
 */
export function toNumber(value: FormulaValue, what: string, position: number): Decimal {
  if (value === null) return new Dec(0);
  if (isNumber(value)) return value.constructor === Dec ? value : new Dec(value);
  return fail(`${what} expects numbers, got ${kindOf(value)}`, position);
}

export function toText(value: FormulaValue, what: string, position: number): string {
  if (value === null) return '';
  if (Array.isArray(value)) return fail(`${what} expects text, got a list`, position);
  return typeof value === 'string' ? value : String(value);
}

/** Conditions accept booleans, null (false) and numbers (non-zero is true); text is more likely a mistake. */
export function truthy(value: FormulaValue, what: string, position: number): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (isNumber(value)) return !value.isZero();
  return fail(`${what} expects true or false, got ${kindOf(value)}`, position);
}
