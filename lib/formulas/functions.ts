import type Decimal from 'decimal.js';
import { fail } from '@/lib/formulas/errors';
import { Dec, type FormulaValue, toNumber, toText, truthy } from '@/lib/formulas/values';

export interface FormulaFunction {
  minArgs: number;
  maxArgs: number;
  /** Arguments arrive unevaluated, so that IF and COALESCE evaluate only what they return. */
  call(args: Array<() => FormulaValue>, name: string, position: number): FormulaValue;
}

type EagerCall = (values: FormulaValue[], name: string, position: number) => FormulaValue;

function eager(minArgs: number, maxArgs: number, call: EagerCall): FormulaFunction {
  return { minArgs, maxArgs, call: (args, name, position) => call(args.map((arg) => arg()), name, position) };
}

/** Aggregates take lists (`items.amount`) and single values alike. */
function flatten(values: FormulaValue[]): FormulaValue[] {
  return values.flatMap((value) => (Array.isArray(value) ? flatten(value) : [value]));
}

function numbers(values: FormulaValue[], name: string, position: number): Decimal[] {
  return flatten(values)
    .filter((value) => value !== null)
    .map((value) => toNumber(value, name, position));
}

function aggregate(ofNumbers: (list: Decimal[]) => FormulaValue): FormulaFunction {
  return eager(1, Infinity, (values, name, position) => ofNumbers(numbers(values, name, position)));
}

const MAX_ROUND_DIGITS = 34;

function round(value: Decimal, digits: Decimal, name: string, position: number): Decimal {
  if (!digits.isInteger() || digits.abs().gt(MAX_ROUND_DIGITS)) {
    fail(`${name} digits must be a whole number from -${MAX_ROUND_DIGITS} to ${MAX_ROUND_DIGITS}`, position);
  }
  if (digits.gte(0)) return value.toDecimalPlaces(digits.toNumber(), Dec.ROUND_HALF_UP);
  // ROUND(1234, -2) = 1200, as in spreadsheets.
  const unit = new Dec(10).pow(digits.neg());
  return value.div(unit).toDecimalPlaces(0, Dec.ROUND_HALF_UP).times(unit);
}

/** Keyed by upper-case name; a Map, so that user-written names never reach Object.prototype. */
export const FUNCTIONS: ReadonlyMap<string, FormulaFunction> = new Map(
  Object.entries({
    SUM: aggregate((list) => list.reduce((sum, n) => sum.plus(n), new Dec(0))),
    AVG: aggregate((list) => (list.length === 0 ? null : Dec.sum(...list).div(list.length))),
    MIN: aggregate((list) => (list.length === 0 ? null : Dec.min(...list))),
    MAX: aggregate((list) => (list.length === 0 ? null : Dec.max(...list))),
    COUNT: eager(1, Infinity, (values) => new Dec(flatten(values).filter((value) => value !== null).length)),
    // A missing value stays missing rather than becoming 0.
    ROUND: eager(1, 2, ([value, digits = null], name, position) =>
      value === null ? null : round(toNumber(value, name, position), toNumber(digits, name, position), name, position),
    ),
    ABS: eager(1, 1, ([value], name, position) => (value === null ? null : toNumber(value, name, position).abs())),
    IF: {
      minArgs: 2,
      maxArgs: 3,
      call: ([condition, then, otherwise], name, position) =>
        truthy(condition(), name, position) ? then() : otherwise ? otherwise() : null,
    },
    COALESCE: {
      minArgs: 1,
      maxArgs: Infinity,
      call: (args) => {
        for (const arg of args) {
          const value = arg();
          if (value !== null) return value;
        }
        return null;
      },
    },
    CONCAT: eager(1, Infinity, (values, name, position) =>
      flatten(values)
        .map((value) => toText(value, name, position))
        .join(''),
    ),
    // Counts characters, not UTF-16 units, so an emoji is one.
    LEN: eager(1, 1, ([value], name, position) => new Dec([...toText(value, name, position)].length)),
    UPPER: eager(1, 1, ([value], name, position) => (value === null ? null : toText(value, name, position).toUpperCase())),
    LOWER: eager(1, 1, ([value], name, position) => (value === null ? null : toText(value, name, position).toLowerCase())),
  }),
);
