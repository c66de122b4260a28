import type Decimal from 'decimal.js';
import { fail } from '@/lib/formulas/errors';
import { Dec, type FormulaValue, kindOf, toNumber, toText, truthy } from '@/lib/formulas/values';
import { bucketKey, DEFAULT_TIME_ZONE, dayIn, daysBetween, isDay, isTimeZone } from '@/lib/dashboards/time-buckets';

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

/**
 * The company's zone: a date-time's day, and TODAY(), are read there. Formulas also run in the
 * browser (a preview while typing), where the variable is absent and the default applies; the
 * server's value is what is stored.
 */
function timeZone(): string {
  const zone = typeof process !== 'undefined' ? process.env?.SALESFLOW_TIME_ZONE : undefined;
  return zone && isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE;
}

/** A date value as its day: dates are "YYYY-MM-DD" text, date-times ISO text read in the company's zone. */
function dayOf(value: FormulaValue, name: string, position: number): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') return fail(`${name} expects a date, got ${kindOf(value)}`, position);
  const text = value.trim();
  if (isDay(text)) return text;
  if (/^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text))) return dayIn(new Date(text), timeZone());
  return fail(`${name} expects a date like 2026-11-23, got "${value.slice(0, 40)}"`, position);
}

function datePart(part: (day: string) => number | string): FormulaFunction {
  return eager(1, 1, ([value], name, position) => {
    const day = dayOf(value, name, position);
    if (day === null) return null;
    const result = part(day);
    return typeof result === 'number' ? new Dec(result) : result;
  });
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
    // Dates: a month key ("2026-11") matches records to monthly targets; TODAY() is the day of the write.
    YEAR: datePart((day) => Number(day.slice(0, 4))),
    MONTH: datePart((day) => Number(day.slice(5, 7))),
    DAY: datePart((day) => Number(day.slice(8, 10))),
    QUARTER: datePart((day) => Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1),
    MONTHKEY: datePart((day) => day.slice(0, 7)),
    QUARTERKEY: datePart((day) => bucketKey(day, 'quarter')),
    WEEKSTART: datePart((day) => bucketKey(day, 'week')),
    TODAY: eager(0, 0, () => dayIn(new Date(), timeZone())),
    DAYS: eager(2, 2, ([end, start], name, position) => {
      const [to, from] = [dayOf(end, name, position), dayOf(start, name, position)];
      return to === null || from === null ? null : new Dec(daysBetween(from, to));
    }),
    UPPER: eager(1, 1, ([value], name, position) => (value === null ? null : toText(value, name, position).toUpperCase())),
    LOWER: eager(1, 1, ([value], name, position) => (value === null ? null : toText(value, name, position).toLowerCase())),
  }),
);
