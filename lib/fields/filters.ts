import { FilterValueError, type FieldDefinition, type FilterOperator } from '@/lib/fields/field.types';

/** Operator lists shared by families of types. */
export const TEXT_OPERATORS: FilterOperator[] = ['contains', 'notContains', 'eq', 'ne', 'startsWith', 'empty', 'notEmpty'];
export const NUMBER_OPERATORS: FilterOperator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'empty', 'notEmpty'];
export const DATE_OPERATORS: FilterOperator[] = ['eq', 'before', 'after', 'between', 'lastNDays', 'nextNDays', 'empty', 'notEmpty'];
export const PRESENCE_OPERATORS: FilterOperator[] = ['empty', 'notEmpty'];

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function unsupported(field: FieldDefinition, op: FilterOperator): never {
  throw new FilterValueError(field.key, `operator "${op}" does not apply to field "${field.key}"`);
}

/**
 * Empty and not-empty. Empty values are never stored (the record service drops them), so
 * `null` (absent or null) is exactly "empty": an equality an index answers by itself.
 */
export function presenceFilter(field: FieldDefinition, op: FilterOperator): Record<string, unknown> {
  if (op === 'empty') return { [field.key]: null };
  if (op === 'notEmpty') return { [field.key]: { $ne: null } };
  return unsupported(field, op);
}

export function textValue(field: FieldDefinition, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') throw new FilterValueError(field.key, `"${field.key}" needs a text value`);
  const text = String(value).trim();
  if (!text || text.length > 200) throw new FilterValueError(field.key, `"${field.key}" needs a text value of 1 to 200 characters`);
  return text;
}

/** Case-insensitive text matching; the user's text is always escaped, never a pattern. */
export function textFilter(field: FieldDefinition, op: FilterOperator, value: unknown, path = field.key): Record<string, unknown> {
  if (op === 'empty' || op === 'notEmpty') return presenceFilter(field, op);
  const text = textValue(field, value);
  const pattern = escapeRegex(text);
  switch (op) {
    case 'contains':
      return { [path]: { $regex: pattern, $options: 'i' } };
    case 'notContains':
      return { $nor: [{ [path]: { $regex: pattern, $options: 'i' } }] };
    case 'startsWith':
      return { [path]: { $regex: `^${pattern}`, $options: 'i' } };
    case 'eq':
      return { [path]: text };
    case 'ne':
      return { [path]: { $ne: text } };
    default:
      return unsupported(field, op);
  }
}

/** Comparisons on a stored number; `parse` turns what a person typed into the stored unit. */
export function numberFilter(
  field: FieldDefinition,
  op: FilterOperator,
  value: unknown,
  parse: (value: unknown) => number | null,
): Record<string, unknown> {
  if (op === 'empty' || op === 'notEmpty') return presenceFilter(field, op);
  const number = (raw: unknown) => {
    const parsed = parse(raw);
    if (parsed === null || !Number.isFinite(parsed)) throw new FilterValueError(field.key, `"${field.key}" needs a number`);
    return parsed;
  };
  const key = field.key;
  switch (op) {
    case 'eq':
      return { [key]: number(value) };
    case 'ne':
      return { [key]: { $ne: number(value) } };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { [key]: { [`$${op}`]: number(value) } };
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2) throw new FilterValueError(key, `"${key}" needs a [from, to] pair`);
      const range: Record<string, number> = {};
      if (value[0] !== null && value[0] !== '') range.$gte = number(value[0]);
      if (value[1] !== null && value[1] !== '') range.$lte = number(value[1]);
      if (Object.keys(range).length === 0) throw new FilterValueError(key, `"${key}" needs a [from, to] pair`);
      return { [key]: range };
    }
    default:
      return unsupported(field, op);
  }
}

function dayCount(field: FieldDefinition, value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 36600) throw new FilterValueError(field.key, `"${field.key}" needs a number of days`);
  return n;
}

/**
 * Date comparisons on ISO text (dates "YYYY-MM-DD", date-times in UTC "…Z"): ISO text sorts
 * like time, so the database compares strings. `toStored` turns a typed value into that form.
 */
export function dateFilter(
  field: FieldDefinition,
  op: FilterOperator,
  value: unknown,
  now: Date,
  toStored: (value: unknown, edge: 'start' | 'end') => string | null,
): Record<string, unknown> {
  if (op === 'empty' || op === 'notEmpty') return presenceFilter(field, op);
  const key = field.key;
  const stored = (raw: unknown, edge: 'start' | 'end') => {
    const text = toStored(raw, edge);
    if (!text) throw new FilterValueError(key, `"${key}" needs a date like 2026-11-23`);
    return text;
  };
  const day = 24 * 60 * 60 * 1000;
  switch (op) {
    case 'eq':
      return { [key]: { $gte: stored(value, 'start'), $lte: stored(value, 'end') } };
    case 'before':
      return { [key]: { $lt: stored(value, 'start') } };
    case 'after':
      return { [key]: { $gt: stored(value, 'end') } };
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2) throw new FilterValueError(key, `"${key}" needs a [from, to] pair`);
      return { [key]: { $gte: stored(value[0], 'start'), $lte: stored(value[1], 'end') } };
    }
    case 'lastNDays': {
      const n = dayCount(field, value);
      return { [key]: { $gte: stored(new Date(now.getTime() - (n - 1) * day), 'start'), $lte: stored(now, 'end') } };
    }
    case 'nextNDays': {
      const n = dayCount(field, value);
      return { [key]: { $gte: stored(now, 'start'), $lte: stored(new Date(now.getTime() + (n - 1) * day), 'end') } };
    }
    default:
      return unsupported(field, op);
  }
}

/** Membership tests on a value (or list of values) drawn from a known set. */
export function choiceFilter(
  field: FieldDefinition,
  op: FilterOperator,
  value: unknown,
  accept: (item: unknown) => string | null,
): Record<string, unknown> {
  if (op === 'empty' || op === 'notEmpty') return presenceFilter(field, op);
  const raw = Array.isArray(value) ? value : [value];
  const items = raw.map((item) => {
    const accepted = accept(item);
    if (accepted === null) throw new FilterValueError(field.key, `"${String(item)}" is not a value of "${field.key}"`);
    return accepted;
  });
  if (items.length === 0 || items.length > 100) throw new FilterValueError(field.key, `"${field.key}" needs 1 to 100 values`);
  const key = field.key;
  // One value is asked as plain equality ({status: 'open'}, the same records as $in of one):
  // the shape an index serves as its prefix, so a list by one status walks it in order.
  switch (op) {
    case 'eq':
    case 'anyOf':
      return items.length === 1 ? { [key]: items[0] } : { [key]: { $in: items } };
    case 'ne':
    case 'noneOf':
      return items.length === 1 ? { [key]: { $ne: items[0] } } : { [key]: { $nin: items } };
    case 'allOf':
      return { [key]: { $all: items } };
    default:
      return unsupported(field, op);
  }
}
