import type { Filter } from 'mongodb';
import { badRequest } from '@/lib/errors/app-error';
import { SYSTEM_SORT_FIELDS, type EntityDefinition, type SortSpec } from '@/lib/entities/entity.types';
import { FILTER_OPERATORS, FilterValueError, type FieldDefinition, type FilterGroup } from '@/lib/fields/field.types';
import { escapeRegex } from '@/lib/fields/filters';
import { fieldType, operatorsFor } from '@/lib/fields/registry';
import type { Locale } from '@/lib/i18n/locale';
import type { FieldMask } from '@/lib/permissions/field-mask';
import type { RecordDoc } from '@/lib/records/record.types';

const MAX_CONDITIONS = 20;

/**
 * Records not in the recycle bin. `_deletedAt` holds a date or is absent, never null, so `null`
 * (absent or null) selects exactly the live ones; unlike `$exists: false` it is an equality an
 * index answers by itself, on MongoDB and in the embedded database's SQL. A fresh object each
 * time: callers spread and combine it.
 */
export function liveRecords(): Filter<RecordDoc> {
  // The driver's types do not know that a null condition matches an absent field.
  return { _deletedAt: null } as unknown as Filter<RecordDoc>;
}

/** Records in the recycle bin. */
export function binnedRecords(): Filter<RecordDoc> {
  return { _deletedAt: { $exists: true } };
}
const MAX_SORT_KEYS = 3;

/** The owner can be filtered like a user field. */
const OWNER_FIELD: FieldDefinition = { key: '_ownerId', type: 'user', label: { 'zh-CN': '负责人', en: 'Owner' } };

/** A field someone may filter or sort by: one their field mask does not hide, like an unknown one otherwise. */
function visibleField(def: EntityDefinition, key: string, mask: FieldMask): FieldDefinition | undefined {
  const field = def.fields.find((candidate) => candidate.key === key);
  return field && !mask.hidden.has(field.key) ? field : undefined;
}

/** Sensitive fields are encrypted in the database: they cannot be filtered, sorted or searched. */
function filterableField(def: EntityDefinition, key: string, mask: FieldMask): FieldDefinition | undefined {
  if (key === 'ownerId') return OWNER_FIELD;
  const field = visibleField(def, key, mask);
  return field?.sensitive ? undefined : field;
}

/**
 * The database filter for a filter group a person built. Every condition goes through its
 * field type, which only ever puts typed, checked values into operators it chose itself:
 * nothing a client sends becomes a query operator.
 */
export function mongoFilter(def: EntityDefinition, group: FilterGroup | undefined, ctx: { actorId: string; mask: FieldMask; locale: Locale }): Filter<RecordDoc> {
  if (!group || !Array.isArray(group.conditions) || group.conditions.length === 0) return {};
  if (group.conditions.length > MAX_CONDITIONS) throw badRequest(`at most ${MAX_CONDITIONS} filter conditions`);
  const now = new Date();
  const parts = group.conditions.map((condition) => {
    const field = typeof condition?.field === 'string' ? filterableField(def, condition.field, ctx.mask) : undefined;
    if (!field) throw badRequest(`cannot filter by "${String(condition?.field)}"`);
    const op = condition.op;
    if (!(FILTER_OPERATORS as readonly string[]).includes(op) || !operatorsFor(field).includes(op)) {
      throw badRequest(`"${String(op)}" is not an operator of ${field.key === '_ownerId' ? 'ownerId' : field.key}`);
    }
    try {
      return fieldType(field.type).filter(field, op, condition.value, { locale: ctx.locale, actorId: ctx.actorId, now });
    } catch (error) {
      if (error instanceof FilterValueError) throw badRequest(error.message);
      throw error;
    }
  });
  if (parts.length === 1) return parts[0] as Filter<RecordDoc>;
  return (group.match === 'any' ? { $or: parts } : combine(...(parts as Filter<RecordDoc>[]))) as Filter<RecordDoc>;
}

/** Keyword search over the text-like fields someone may see; the keyword is plain text, never a pattern. */
export function keywordFilter(def: EntityDefinition, q: string | undefined, mask: FieldMask): Filter<RecordDoc> {
  const text = q?.trim().slice(0, 100);
  if (!text) return {};
  const fields = def.fields.filter((field) => fieldType(field.type).searchable && !field.sensitive && !mask.hidden.has(field.key));
  if (fields.length === 0) return {};
  const pattern = escapeRegex(text);
  return { $or: fields.map((field) => ({ [field.key]: { $regex: pattern, $options: 'i' } })) } as Filter<RecordDoc>;
}

/** "stage:asc,amount:desc" or a list of sort specs, checked against the fields someone may see; anything else is a 400. */
export function parseSort(def: EntityDefinition, sort: string | SortSpec[] | undefined, mask: FieldMask): SortSpec[] {
  const specs: SortSpec[] =
    typeof sort === 'string'
      ? sort
          .split(',')
          .filter(Boolean)
          .map((part) => {
            const [field, direction] = part.split(':');
            return { field, direction: direction === 'desc' ? 'desc' : 'asc' };
          })
      : (sort ?? []);
  if (specs.length > MAX_SORT_KEYS) throw badRequest(`sort by at most ${MAX_SORT_KEYS} fields`);
  for (const spec of specs) {
    if (typeof spec?.field !== 'string') throw badRequest('a sort names a field');
    const field = visibleField(def, spec.field, mask);
    // Own keys only: "constructor" is in every object, and names no system field.
    if (!Object.hasOwn(SYSTEM_SORT_FIELDS, spec.field) && !(field && fieldType(field.type).sortable && !field.sensitive)) throw badRequest(`cannot sort by "${spec.field}"`);
  }
  return specs;
}

export function mongoSort(specs: SortSpec[]): Record<string, 1 | -1> {
  const sort: Record<string, 1 | -1> = {};
  for (const spec of specs) sort[Object.hasOwn(SYSTEM_SORT_FIELDS, spec.field) ? SYSTEM_SORT_FIELDS[spec.field] : spec.field] = spec.direction === 'asc' ? 1 : -1;
  // A unique last key makes pages stable when values repeat.
  sort._id = specs.at(-1)?.direction === 'asc' ? 1 : -1;
  return sort;
}

/**
 * All of the filters. Parts on different keys merge into one object
 * ({_deletedAt…, _ownerId…, stage…}): top-level conditions are what the embedded database
 * turns into SQL and serves from indexes, while an $and of them it would scan for. Parts
 * that share a key stay in an $and.
 */
export function combine(...filters: Filter<RecordDoc>[]): Filter<RecordDoc> {
  const parts = filters.flatMap((filter) => (Object.keys(filter).length === 1 && Array.isArray(filter.$and) ? (filter.$and as Filter<RecordDoc>[]) : [filter])).filter((filter) => Object.keys(filter).length > 0);
  if (parts.length === 0) return {};
  // A key two parts share (two ranges on one field, two $or groups) keeps both parts whole in the $and.
  const uses = new Map<string, number>();
  for (const part of parts) for (const key of Object.keys(part)) uses.set(key, (uses.get(key) ?? 0) + 1);
  const merged: Record<string, unknown> = {};
  const rest: Filter<RecordDoc>[] = [];
  for (const part of parts) {
    if (Object.keys(part).some((key) => (uses.get(key) ?? 0) > 1 || key === '$and')) rest.push(part);
    else Object.assign(merged, part);
  }
  if (rest.length === 0) return merged as Filter<RecordDoc>;
  return { ...merged, $and: rest } as Filter<RecordDoc>;
}
