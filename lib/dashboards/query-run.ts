import { ObjectId, type Document, type Filter } from 'mongodb';
import { recordCollection } from '@/lib/db/collections';
import { findByIds } from '@/lib/db/by-ids';
import { findEntity } from '@/lib/entities/entity.service';
import { Decimal } from '@/lib/fields/decimal';
import type { FilterCondition, FilterGroup, GroupKind } from '@/lib/fields/field.types';
import { optionLabel } from '@/lib/fields/options';
import { holdsOneValue } from '@/lib/fields/registry';
import type { RecordDoc } from '@/lib/records/record.types';
import { userNames } from '@/lib/users/user.service';
import type { AggregateResult, Cell, DimensionResult, GroupValue } from '@/lib/dashboards/dashboard.types';
import { allOf } from '@/lib/dashboards/filter-groups';
import { formatMeasure } from '@/lib/dashboards/measure-format';
import { rangeConditions, settingError, type CompiledDimension, type CompiledMeasure, type CompiledQuery, type SimpleMeasure } from '@/lib/dashboards/query-compile';
import { bucketCount, bucketDays, bucketKey, bucketLabel, bucketsBetween, dayIn, type DayRange } from '@/lib/dashboards/time-buckets';

/**
 * Runs a compiled widget query in the database. Every query is one of the shapes the
 * embedded database answers in SQL: `[{$match}, {$group: {_id: "$field" | null, n: {$sum: 1},
 * s0: {$sum: "$amount"}}}]`, or a sorted find of one record (a minimum, a maximum, the ends of
 * a date axis). Only group rows ever reach this process, never records:
 *
 * - counts, sums and averages (a sum and a count) add up across groups, so each is asked once
 *   per bucket of the enumerated dimensions (date buckets, multi-select options), grouped by
 *   at most one field, and "Other" and totals are sums of those rows;
 * - minimum, maximum and distinct count do not add up: each is asked per shown cell, with the
 *   cell's own conditions, which are also its drill-down.
 */

export const OTHER_KEY = '\u0000other';
const COUNT_ALL = 'null|';
const EMPTY_KEY = '';
const MAX_GROUPS = 1000;
const MAX_BUCKETS = 400;
const MAX_QUERIES = 800;
const CONCURRENCY = 6;

/** The sums a group of records gives: its count and the sums of some fields. */
interface Acc {
  n: number;
  sums: Record<string, number>;
}

/** One kind of additive query: a measure filter, perhaps only records that have a field (averages, counts of a field). */
interface QuerySet {
  key: string;
  filter?: FilterGroup;
  exists?: string;
  sums: Set<string>;
}

function setKeyOf(measure: SimpleMeasure): string {
  const exists = measure.fn === 'avg' || (measure.fn === 'count' && measure.field) ? measure.field!.stored : '';
  return `${JSON.stringify(measure.filter ?? null)}|${exists}`;
}

function simpleParts(measure: CompiledMeasure): SimpleMeasure[] {
  return measure.fn === 'ratio' ? [measure.of, measure.per] : [measure];
}

function isAdditive(measure: SimpleMeasure): boolean {
  return measure.fn === 'count' || measure.fn === 'sum' || measure.fn === 'avg';
}

/** A bounded pool: the database gets at most a few queries of one widget at once. */
async function inPool<T>(tasks: (() => Promise<T>)[], limit = CONCURRENCY): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]();
      }
    }),
  );
  return results;
}

function addAcc(target: Acc, source: Acc | undefined): void {
  if (!source) return;
  target.n += source.n;
  for (const [field, sum] of Object.entries(source.sums)) target.sums[field] = (target.sums[field] ?? 0) + sum;
}

function emptyAcc(): Acc {
  return { n: 0, sums: {} };
}

/** A group's raw _id as a key: "" for no value, booleans as "true"/"false". */
function rawKey(id: unknown): string {
  if (id === null || id === undefined) return EMPTY_KEY;
  if (id instanceof ObjectId) return id.toHexString();
  if (id instanceof Date) return id.toISOString();
  return String(id);
}

const MAX_SPLIT = 12;

/**
 * A flat filter whose field must hold one of several values, as one filter per value (the
 * first such field, up to 12 values): together they select the same records, each exactly
 * once when the field holds one value. Anything else is left as one filter.
 */
export function splitIn(filter: Filter<RecordDoc>, scalar: (key: string) => boolean): Filter<RecordDoc>[] {
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$') || !scalar(key) || !value || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length !== 1) continue;
    const values = (value as { $in?: unknown[] }).$in;
    if (!Array.isArray(values) || values.length < 2 || values.length > MAX_SPLIT || !values.every((item) => typeof item === 'string')) continue;
    if (new Set(values).size !== values.length) continue;
    return values.map((item) => ({ ...filter, [key]: item }) as Filter<RecordDoc>);
  }
  return [filter];
}

/** Only records that hold a value in the field (empty values are never stored). */
function withValue(filter: Filter<RecordDoc>, field: string): Filter<RecordDoc> {
  const current = (filter as Record<string, unknown>)[field];
  if (current === undefined && !('$and' in filter)) return { ...filter, [field]: { $exists: true } } as Filter<RecordDoc>;
  // A value or a range of values holds only where there is a value: nothing to add.
  if (current !== undefined && (typeof current !== 'object' || current === null || Object.keys(current).every((op) => ['$gte', '$gt', '$lte', '$lt', '$in', '$exists'].includes(op)))) {
    return current === null ? ({ $and: [filter, { [field]: { $exists: true } }] } as Filter<RecordDoc>) : filter;
  }
  if (current !== undefined && typeof current === 'object' && !('$exists' in (current as object))) return { ...filter, [field]: { ...(current as object), $exists: true } } as Filter<RecordDoc>;
  return { $and: [filter, { [field]: { $exists: true } }] } as Filter<RecordDoc>;
}

/** Pipelines and finds run for one widget, kept for the benchmark's raw-driver comparison. */
export type QueryLog = (({ kind: 'aggregate'; pipeline: Document[] } | { kind: 'find'; filter: Document; sort: Document }) & { ms?: number })[];

/**
 * Which dimension a query groups by (-1: none); the others are enumerated, a query per
 * bucket. Values only a query can tell (people, records, texts) must be grouped; else a date
 * field by its days (a few hundred groups, bucketed here: one query instead of one per
 * bucket); else an option or yes/no. Date-times and multi-selects are always enumerated.
 */
export function groupedDimension(dims: { kind: GroupKind; top?: number }[]): number {
  return dims.findIndex((dim) => !enumerable(dim));
}

/**
 * Whether a dimension's values are known before asking: options, yes/no, date buckets. Each
 * is then one equality (or range) query, which the embedded database counts and sums from an
 * index prefix in milliseconds; a grouped query reads every record it groups. A top N needs
 * the totals first, so it is grouped. (People are grouped too: with an equality on the person
 * next to a date range, SQLite, without statistics, walks an index that lacks the person.)
 */
export function enumerable(dim: { kind: GroupKind; top?: number }): boolean {
  if (dim.kind === 'day' || dim.kind === 'moment' || dim.kind === 'options') return true;
  return dim.top === undefined && (dim.kind === 'option' || dim.kind === 'flag');
}

/** Queries a widget asks one by one before it groups a dimension instead. */
const QUERY_BUDGET = 240;



class Runner {
  queries = 0;
  readonly log: QueryLog = [];
  constructor(
    private readonly q: CompiledQuery,
    private readonly records: Awaited<ReturnType<typeof recordCollection>>,
  ) {}

  /** A field holding one value per record (so its values split the records). */
  readonly scalar = (key: string): boolean => {
    if (key === '_ownerId') return true;
    const field = this.q.def.fields.find((candidate) => candidate.key === key);
    return Boolean(field && holdsOneValue(field));
  };

  private count(): void {
    if (++this.queries > MAX_QUERIES) throw settingError('query', this.q.t('dashboards.problem.tooManyQueries', { limit: MAX_QUERIES }));
  }

  /**
   * `[$match, $group]` by one stored field (or none) with a count and the sums asked. Each sum
   * is asked in a query of its own (with the count), and a filter testing a field for one of
   * several values is asked once per value, the rows added up: then every query is an
   * equality prefix of one index ending with the summed field, which the embedded database
   * answers from that index alone (several sums, or a range of values, would make it read the
   * records). The values of one field split the records, so the parts add up exactly.
   */
  async grouped(group: FilterGroup, by: string | null, set: QuerySet): Promise<Map<string, Acc>> {
    const match = this.q.mongo(allOf(group, set.filter));
    const filter = set.exists ? withValue(match, set.exists) : match;
    const fields = set.sums.size > 0 ? [...set.sums] : [null];
    const result = new Map<string, Acc>();
    await Promise.all(
      fields.flatMap((field) =>
        splitIn(filter, this.scalar).map(async (part, index) => {
          for (const [key, acc] of await this.groupQuery(part, by, field)) {
            const target = result.get(key) ?? emptyAcc();
            // The count comes once per part, from the first sum's query.
            addAcc(target, field === fields[0] ? acc : { n: 0, sums: acc.sums });
            result.set(key, target);
          }
          return index;
        }),
      ),
    );
    return result;
  }

  private async groupQuery(filter: Filter<RecordDoc>, by: string | null, field: string | null): Promise<Map<string, Acc>> {
    this.count();
    const spec: Document = { _id: by === null ? null : `$${by}`, n: { $sum: 1 } };
    if (field) spec.s0 = { $sum: `$${field}` };
    const pipeline = [{ $match: filter }, { $group: spec }];
    const entry: QueryLog[number] = { kind: 'aggregate', pipeline };
    this.log.push(entry);
    const started = Date.now();
    const rows = await this.records.aggregate<Document>(pipeline).toArray();
    entry.ms = Date.now() - started;
    const result = new Map<string, Acc>();
    for (const row of rows) {
      const key = rawKey(row._id);
      const acc = result.get(key) ?? emptyAcc();
      addAcc(acc, { n: Number(row.n), sums: field ? { [field]: Number(row.s0 ?? 0) } : {} });
      result.set(key, acc);
    }
    return result;
  }

  /** The smallest or largest value of a field among a group's records (a sorted find of one per part of the filter). */
  async extreme(group: FilterGroup, field: string, direction: 1 | -1): Promise<unknown> {
    const sort = { [field]: direction, _id: direction } as Record<string, 1 | -1>;
    const values = await Promise.all(
      splitIn(withValue(this.q.mongo(group), field), this.scalar).map(async (filter) => {
        this.count();
        const entry: QueryLog[number] = { kind: 'find', filter: filter as Document, sort };
        this.log.push(entry);
        const started = Date.now();
        const doc = await this.records.find(filter, { projection: { [field]: 1 } }).sort(sort).limit(1).next();
        entry.ms = Date.now() - started;
        return doc?.[field] ?? null;
      }),
    );
    const found = values.filter((value): value is number | string => typeof value === 'number' || typeof value === 'string');
    if (found.length === 0) return null;
    return found.reduce((best, value) => ((direction === 1 ? value < best : value > best) ? value : best));
  }

  /** How many different values a field holds among a group's records (its groups, counted here). */
  async distinct(group: FilterGroup, field: string): Promise<number> {
    const groups = await this.grouped(group, field, { key: '', exists: field, sums: new Set() });
    groups.delete(EMPTY_KEY);
    return groups.size;
  }
}

/** The sets of additive queries the measures need, with the fields each sums. */
function querySets(measures: CompiledMeasure[]): Map<string, QuerySet> {
  const sets = new Map<string, QuerySet>();
  for (const measure of measures.flatMap(simpleParts).filter(isAdditive)) {
    const key = setKeyOf(measure);
    const set = sets.get(key) ?? { key, filter: measure.filter, exists: key.split('|')[1] || undefined, sums: new Set<string>() };
    if (measure.fn !== 'count') set.sums.add(measure.field!.stored);
    sets.set(key, set);
  }
  return sets;
}

/** A measure's value from the sums of its group (and, for min/max/distinct, the cell's own answer). */
function additiveValue(measure: SimpleMeasure, accs: Map<string, Acc>): number | null {
  const acc = accs.get(setKeyOf(measure)) ?? emptyAcc();
  if (measure.fn === 'count') return acc.n;
  const sum = acc.sums[measure.field!.stored] ?? 0;
  if (measure.fn === 'sum') return sum;
  return acc.n === 0 ? null : new Decimal(sum).div(acc.n).toNumber();
}

function ratio(of: number | string | null, per: number | string | null): number | null {
  if (typeof of !== 'number' || typeof per !== 'number' || per === 0) return null;
  return new Decimal(of).div(per).toNumber();
}

interface Group {
  value: GroupValue;
  /** Raw keys of the grouped query that fall in it (several for "Other" and for No = false or empty). */
  raw: string[];
  /** Shown only when it has records (the empty and "Other" groups of an enumerated select). */
  optional?: boolean;
  /** Asked as all records, the other groups of its dimension subtracted. */
  derived?: boolean;
}

/** Conditions selecting one value of a dimension (the same ones the list's filter builder makes). */
function valueConditions(dim: CompiledDimension, key: string, others?: string[]): FilterCondition[] {
  const field = dim.field.key;
  if (key === OTHER_KEY) {
    const values = (others ?? []).filter((value) => value !== EMPTY_KEY);
    const notEmpty: FilterCondition[] = others?.includes(EMPTY_KEY) ? [{ field, op: 'notEmpty' }] : [];
    if (values.length === 0) return notEmpty;
    if (dim.kind === 'text') return [...values.map((value): FilterCondition => ({ field, op: 'ne', value })), ...notEmpty];
    return [{ field, op: 'noneOf', value: values }, ...notEmpty];
  }
  if (key === EMPTY_KEY) return [{ field, op: 'empty' }];
  if (dim.kind === 'flag') return [{ field, op: key === 'true' ? 'isTrue' : 'isFalse' }];
  if (dim.kind === 'text') return [{ field, op: 'eq', value: key }];
  return [{ field, op: 'anyOf', value: [key] }];
}

/** Display names of the values of a record or user dimension. */
async function namesOf(dim: CompiledDimension, keys: string[]): Promise<Map<string, string>> {
  const ids = keys.filter((key) => ObjectId.isValid(key) && /^[0-9a-f]{24}$/.test(key));
  if (ids.length === 0) return new Map();
  if (dim.kind === 'user') return userNames(ids);
  const target = dim.field.def.relation?.entity ? await findEntity(dim.field.def.relation.entity) : null;
  if (!target) return new Map();
  const docs = await findByIds(await recordCollection(target.key), ids.map((id) => new ObjectId(id)), { [target.displayField]: 1 });
  return new Map(docs.map((doc) => [doc._id.toHexString(), String(doc[target.displayField] ?? '')]));
}

async function labelGroups(q: CompiledQuery, dim: CompiledDimension, groups: Group[]): Promise<void> {
  const names = dim.kind === 'record' || dim.kind === 'user' ? await namesOf(dim, groups.map((group) => group.value.key)) : new Map<string, string>();
  for (const group of groups) {
    const key = group.value.key;
    if (key === OTHER_KEY) group.value.label = q.t('dashboards.group.other');
    else if (key === EMPTY_KEY) group.value.label = q.t('dashboards.group.empty');
    else if (dim.kind === 'option' || dim.kind === 'options') group.value.label = optionLabel(dim.field.def, key, q.locale);
    else if (dim.kind === 'flag') group.value.label = q.t(key === 'true' ? 'common.yes' : 'common.no');
    else if (dim.kind === 'record' || dim.kind === 'user') group.value.label = names.get(key) || q.t('dashboards.group.unnamed', { id: key.slice(-6) });
    else group.value.label = key;
  }
}

/**
 * The groups a dimension shows, from the totals of its raw groups: options in their order,
 * yes before no, people, records and texts by the first measure (or by name) with the largest
 * `top` and "Other".
 */
async function finalGroups(q: CompiledQuery, dim: CompiledDimension, weights: Map<string, number>): Promise<Group[]> {
  const present = [...weights.keys()];
  let groups: Group[];
  if (dim.kind === 'flag') {
    groups = [
      { value: { key: 'true', label: '', drill: [] }, raw: ['true'] },
      { value: { key: 'false', label: '', drill: [] }, raw: ['false', EMPTY_KEY] },
    ];
  } else if (dim.kind === 'option' || dim.kind === 'options') {
    const options = (dim.field.def.options ?? []).map((option) => option.value);
    groups = [...options, ...present.filter((key) => key !== EMPTY_KEY && !options.includes(key)), ...(present.includes(EMPTY_KEY) ? [EMPTY_KEY] : [])].map((key) => ({ value: { key, label: '', drill: [] }, raw: [key] }));
  } else {
    groups = present.map((key) => ({ value: { key, label: '', drill: [] }, raw: [key] }));
  }
  if (dim.kind !== 'flag') {
    const weight = (group: Group) => group.raw.reduce((sum, key) => sum + (weights.get(key) ?? 0), 0);
    const byValue = dim.kind !== 'option' && dim.kind !== 'options' && q.sort === 'value';
    if (byValue || dim.top !== undefined) groups.sort((a, b) => weight(b) - weight(a) || (a.value.key < b.value.key ? -1 : 1));
    const limit = Math.min(dim.top ?? MAX_GROUPS, MAX_GROUPS);
    if (groups.length > limit) {
      const rest = groups.slice(limit);
      groups = groups.slice(0, limit);
      if (dim.other || dim.top === undefined) groups.push({ value: { key: OTHER_KEY, label: '', drill: [] }, raw: rest.flatMap((group) => group.raw) });
    }
    if (dim.top !== undefined && !byValue && (dim.kind === 'option' || dim.kind === 'options')) {
      // Top N of options keeps the options' order among the N.
      const order = (dim.field.def.options ?? []).map((option) => option.value);
      groups.sort((a, b) => (a.value.key === OTHER_KEY ? 1 : b.value.key === OTHER_KEY ? -1 : (order.indexOf(a.value.key) + 1 || 1e6) - (order.indexOf(b.value.key) + 1 || 1e6)));
    }
  }
  const shown = groups.filter((group) => group.value.key !== OTHER_KEY).flatMap((group) => group.raw);
  for (const group of groups) group.value.drill = valueConditions(dim, group.value.key, shown);
  await labelGroups(q, dim, groups);
  if (q.sort === 'label' && dim.kind !== 'option' && dim.kind !== 'options' && dim.kind !== 'flag') {
    groups.sort((a, b) => (a.value.key === OTHER_KEY || a.value.key === EMPTY_KEY ? 1 : b.value.key === OTHER_KEY || b.value.key === EMPTY_KEY ? -1 : a.value.label.localeCompare(b.value.label, q.locale)));
  }
  return groups;
}

/** The first and last day holding a value of a date dimension among the widget's records. */
async function dataDays(q: CompiledQuery, runner: Runner, dim: CompiledDimension): Promise<DayRange | null> {
  const [first, last] = await Promise.all([runner.extreme(q.base, dim.field.stored, 1), runner.extreme(q.base, dim.field.stored, -1)]);
  if (typeof first !== 'string' || typeof last !== 'string') return null;
  const day = (value: string) => (dim.kind === 'day' ? value.slice(0, 10) : dayIn(new Date(value), q.timeZone));
  return { from: day(first), to: day(last) };
}

/** Every bucket of a date dimension over the period (or the data), empty ones included. */
async function dateGroups(q: CompiledQuery, runner: Runner, dim: CompiledDimension, setting: string, seen?: string[]): Promise<Group[]> {
  const present = seen?.filter((key) => key !== EMPTY_KEY).sort();
  const period = q.range && q.range.field.key === dim.field.key ? q.range.days : undefined;
  // The period when the dashboard or widget sets one on this field; else where the data lies.
  const days = period ?? (present ? (present.length > 0 ? { from: present[0], to: present[present.length - 1] } : null) : await dataDays(q, runner, dim));
  if (!days) return [];
  const bucket = dim.bucket ?? 'month';
  const count = bucketCount(days, bucket);
  if (count > MAX_BUCKETS) throw settingError(`${setting}.bucket`, q.t('dashboards.problem.tooManyBuckets', { count, limit: MAX_BUCKETS }));
  return bucketsBetween(days, bucket).map((key) => {
    const span = bucketDays(key, bucket);
    // The first and last bucket end where the period does.
    const clipped = { from: span.from < days.from ? days.from : span.from, to: span.to > days.to ? days.to : span.to };
    return { value: { key, label: bucketLabel(key, bucket, q.locale), drill: rangeConditions(dim.field, clipped, q.timeZone) }, raw: (present ?? []).filter((day) => bucketKey(day, bucket) === key) };
  });
}

function cellOf(q: CompiledQuery, measure: CompiledMeasure, value: number | string | null): Cell {
  return { value, text: formatMeasure(value, measure.format, q.locale) };
}

export interface RunOutput {
  result: AggregateResult;
  log: QueryLog;
}

/** Runs a compiled query; `setting` names it in errors ("query", "widgets[1].query"). */
export async function runQuery(q: CompiledQuery, setting = 'query'): Promise<RunOutput> {
  const started = Date.now();
  const runner = new Runner(q, await recordCollection(q.def.key));
  const sets = [...querySets(q.measures).values()];
  // Groups are found by counting records even when every measure is a minimum or maximum.
  if (sets.length === 0) sets.push({ key: COUNT_ALL, sums: new Set() });
  const cellMeasures = q.measures.flatMap(simpleParts).filter((measure) => !isAdditive(measure));
  const dims = q.dimensions;

  // One dimension whose values a query groups by; the others are enumerated (a query per bucket).
  let groupedIndex = groupedDimension(dims);

  // Enumerated dimensions' groups, known before the main queries.
  const enumerated = new Map<number, Group[]>();
  await Promise.all(
    dims.map(async (dim, index) => {
      if (index === groupedIndex) return;
      if (dim.kind === 'day' || dim.kind === 'moment') enumerated.set(index, await dateGroups(q, runner, dim, `${setting}.dimensions[${index}]`));
      else if (dim.kind === 'options' || ((dim.kind === 'option' || dim.kind === 'flag') && dim.top === undefined)) {
        // Known values, each asked for; records without a value (and, for a single select, with
        // a value no longer among the options) are asked too and shown only when there are some.
        const options = dim.kind === 'flag' ? ['true', 'false'] : (dim.field.def.options ?? []).map((option) => option.value);
        const keys = dim.kind === 'flag' ? options : [...options, EMPTY_KEY, ...(dim.kind === 'option' ? [OTHER_KEY] : [])];
        const groups = keys.map((key): Group => ({
          value: { key, label: '', drill: key === OTHER_KEY ? valueConditions(dim, OTHER_KEY, [...options, EMPTY_KEY]) : valueConditions(dim, key) },
          raw: [key],
          optional: key === EMPTY_KEY || key === OTHER_KEY,
          derived: key === OTHER_KEY,
        }));
        await labelGroups(q, dim, groups);
        enumerated.set(index, groups);
      } else {
        // A second groupable dimension: its values (and "Other") from one grouped query first.
        const weights = await runner.grouped(q.base, dim.field.stored, sets[0]);
        enumerated.set(index, await finalGroups(q, dim, new Map([...weights].map(([key, acc]) => [key, acc.n]))));
      }
    }),
  );

  // Too many combinations to ask one by one (weeks of two years by status): the largest
  // dimension that a query can group (days, options, yes/no, people) is grouped instead.
  if (groupedIndex < 0) {
    const perCombination = sets.reduce((sum, set) => sum + Math.max(1, set.sums.size), 0) * splitIn(q.mongo(q.base), runner.scalar).length;
    const combinations = [...enumerated.values()].reduce((product, groups) => product * Math.max(1, groups.length), 1);
    if (combinations * perCombination > QUERY_BUDGET) {
      const candidates = [...enumerated.keys()].filter((index) => ['day', 'option', 'flag'].includes(dims[index].kind));
      const largest = candidates.sort((a, b) => enumerated.get(b)!.length - enumerated.get(a)!.length)[0];
      if (largest !== undefined) {
        groupedIndex = largest;
        enumerated.delete(largest);
      }
    }
  }

  // The combinations of enumerated groups (one empty combination without any).
  const enumIndexes = [...enumerated.keys()].sort();
  let combos: number[][] = [[]];
  for (const index of enumIndexes) combos = combos.flatMap((combo) => enumerated.get(index)!.map((_, at) => [...combo, at]));
  if (enumIndexes.some((index) => enumerated.get(index)!.length === 0)) combos = [];
  const comboConditions = (combo: number[]) => combo.flatMap((at, position) => enumerated.get(enumIndexes[position])![at].value.drill);

  const grouped = groupedIndex >= 0 ? dims[groupedIndex] : undefined;
  // A select's "Other" (values no longer among its options) would need a "none of" test that
  // reads every record; it is the records of all values less those of each option and of no
  // value, so it is asked as "all" and the others are subtracted (counts and sums add up).
  const derivedAt = (combo: number[]) => combo.findIndex((at, position) => enumerated.get(enumIndexes[position])![at].derived);
  const comboQueryConditions = (combo: number[]) => {
    const skip = combo.filter((at, position) => enumerated.get(enumIndexes[position])![at].derived).length === 1 ? derivedAt(combo) : -1;
    return combo.flatMap((at, position) => (position === skip ? [] : enumerated.get(enumIndexes[position])![at].value.drill));
  };
  const raw: Map<string, Map<string, Acc>>[] = await inPool(
    combos.map((combo) => async () => {
      const byGroup = new Map<string, Map<string, Acc>>();
      const group = allOf(q.base, comboQueryConditions(combo));
      const results = await Promise.all(sets.map((set) => runner.grouped(group, grouped ? grouped.field.stored : null, set)));
      results.forEach((result, index) => {
        for (const [key, acc] of result) {
          const accs = byGroup.get(key) ?? new Map<string, Acc>();
          accs.set(sets[index].key, acc);
          byGroup.set(key, accs);
        }
      });
      return byGroup;
    }),
  );

  for (const [index, combo] of combos.entries()) {
    const position = derivedAt(combo);
    if (position < 0 || combo.filter((at, p) => enumerated.get(enumIndexes[p])![at].derived).length !== 1) continue;
    const siblings = combos.map((other, at) => ({ other, at })).filter(({ other, at }) => at !== index && other.every((value, p) => (p === position ? value !== combo[p] : value === combo[p])));
    for (const [key, accs] of raw[index]) {
      for (const [setKey, acc] of accs) {
        for (const { at } of siblings) {
          const part = raw[at].get(key)?.get(setKey);
          if (!part) continue;
          acc.n -= part.n;
          for (const [field, sum] of Object.entries(part.sums)) acc.sums[field] = (acc.sums[field] ?? 0) - sum;
        }
      }
    }
  }

  // The grouped dimension's groups, by the totals of the first measure over every combination.
  let groupedGroups: Group[] = [];
  if (grouped) {
    const first = q.measures[0];
    const weights = new Map<string, number>();
    for (const byGroup of raw) {
      for (const [key, accs] of byGroup) {
        const part = first.fn === 'ratio' ? additiveValue(first.per, accs) : isAdditive(first) ? additiveValue(first, accs) : (accs.get(sets[0].key)?.n ?? 0);
        weights.set(key, (weights.get(key) ?? 0) + (typeof part === 'number' ? part : 0));
      }
    }
    groupedGroups = grouped.kind === 'day' ? await dateGroups(q, runner, grouped, `${setting}.dimensions[${groupedIndex}]`, [...weights.keys()]) : await finalGroups(q, grouped, weights);
  }

  const dimGroups = dims.map((_, index) => (index === groupedIndex ? groupedGroups : enumerated.get(index)!));
  interface PendingRow {
    at: number[];
    accs: Map<string, Acc>;
    cells: Map<SimpleMeasure, number | string | null>;
  }
  const pending: PendingRow[] = [];
  const cellTasks: (() => Promise<void>)[] = [];
  combos.forEach((combo, comboIndex) => {
    const byGroup = raw[comboIndex];
    const targets: { group?: Group; at: number }[] = grouped ? groupedGroups.map((group, at) => ({ group, at })) : [{ at: -1 }];
    for (const { group, at } of targets) {
      const accs = new Map<string, Acc>();
      for (const set of sets) {
        const acc = emptyAcc();
        for (const key of group ? group.raw : [EMPTY_KEY]) addAcc(acc, byGroup.get(key)?.get(set.key));
        accs.set(set.key, acc);
      }
      const row: PendingRow = { at: dims.map((_, index) => (index === groupedIndex ? at : combo[enumIndexes.indexOf(index)])), accs, cells: new Map() };
      const conditions = allOf(q.base, comboConditions(combo), group?.value.drill);
      for (const measure of cellMeasures) cellTasks.push(async () => void row.cells.set(measure, await cellValue(runner, measure, conditions)));
      pending.push(row);
    }
  });

  // Totals of every record the widget reads (and of the period before, for a KPI). When the
  // groups partition the records (every record in exactly one combination), counts and sums
  // are the sums of the rows' raw groups and a minimum the least of the rows': no query.
  const covers = (dim: CompiledDimension, grouped: boolean) =>
    (grouped ? dim.kind !== 'day' && dim.kind !== 'moment' && dim.kind !== 'options' : dim.kind === 'option' || dim.kind === 'flag' || dim.kind === 'record' || dim.kind === 'user' || dim.kind === 'text') && (dim.top === undefined || dim.other);
  const partitioned = enumIndexes.every((index) => covers(dims[index], false));
  const rowsCover = partitioned && (!grouped || covers(grouped, true));
  const totalsOf = async (base: FilterGroup, derive: boolean): Promise<Cell[]> => {
    let accs: Map<string, Acc>;
    if (derive) {
      accs = new Map(sets.map((set) => [set.key, emptyAcc()]));
      for (const byGroup of raw) for (const groupAccs of byGroup.values()) for (const [key, acc] of groupAccs) addAcc(accs.get(key)!, acc);
    } else {
      const results = await Promise.all(sets.map((set) => runner.grouped(base, null, set)));
      accs = new Map<string, Acc>(sets.map((set, index) => [set.key, results[index].get(EMPTY_KEY) ?? emptyAcc()]));
    }
    const cells = new Map<SimpleMeasure, number | string | null>();
    await Promise.all(
      cellMeasures.map(async (measure) => {
        if (derive && rowsCover && measure.fn !== 'distinct') {
          await cellsDone;
          const values = pending.map((row) => row.cells.get(measure)).filter((value): value is number | string => value !== null && value !== undefined);
          const pickOne = (a: number | string, b: number | string) => ((measure.fn === 'min' ? a < b : a > b) ? a : b);
          cells.set(measure, values.length === 0 ? null : values.reduce(pickOne));
        } else cells.set(measure, await cellValue(runner, measure, base));
      }),
    );
    return q.measures.map((measure) => cellOf(q, measure, measureValue(measure, accs, cells)));
  };
  const cellsDone = inPool(cellTasks);
  const [totals, previousTotals] = await Promise.all([totalsOf(q.base, partitioned), q.previous ? totalsOf(q.previous.base, false) : Promise.resolve(undefined), cellsDone]);
  // Optional groups without records go, and the rows' positions follow.
  const kept = dimGroups.map((groups, d) =>
    groups.map((group, at) => !group.optional || pending.some((row) => row.at[d] === at && [...row.accs.values()].some((acc) => acc.n > 0))),
  );
  const position = kept.map((flags) => {
    let next = 0;
    return flags.map((keep) => (keep ? next++ : -1));
  });
  const rows: AggregateResult['rows'] = pending
    .filter((row) => row.at.every((at, d) => kept[d][at]))
    .map((row) => ({ at: row.at.map((at, d) => position[d][at]), cells: q.measures.map((measure) => cellOf(q, measure, measureValue(measure, row.accs, row.cells))) }));
  for (const [d, groups] of dimGroups.entries()) dimGroups[d] = groups.filter((_, at) => kept[d][at]);

  const dimensions: DimensionResult[] = dims.map((dim, index) => ({ field: dim.field.key, label: dim.label, bucket: dim.bucket, values: dimGroups[index].map((group) => group.value) }));
  const result: AggregateResult = {
    entity: q.def.key,
    measures: q.measures.map((measure) => {
      const filter = measure.fn === 'ratio' ? measure.per.filter : measure.filter;
      return { label: measure.label, format: measure.format, ...(filter ? { filter } : {}) };
    }),
    dimensions,
    rows,
    totals,
    drill: q.base,
    ...(q.range ? { range: q.range.days } : {}),
    ...(q.previous && previousTotals ? { previous: { range: q.previous.days, totals: previousTotals } } : {}),
    stats: { queries: runner.queries, ms: Date.now() - started },
  };
  return { result, log: runner.log };
}

function measureValue(measure: CompiledMeasure, accs: Map<string, Acc>, cells: Map<SimpleMeasure, number | string | null>): number | string | null {
  const simple = (part: SimpleMeasure) => (isAdditive(part) ? additiveValue(part, accs) : (cells.get(part) ?? null));
  if (measure.fn === 'ratio') return ratio(simple(measure.of), simple(measure.per));
  return simple(measure);
}

async function cellValue(runner: Runner, measure: SimpleMeasure, group: FilterGroup): Promise<number | string | null> {
  const conditions = allOf(group, measure.filter);
  const field = measure.field!.stored;
  if (measure.fn === 'distinct') return runner.distinct(conditions, field);
  const value = await runner.extreme(conditions, field, measure.fn === 'min' ? 1 : -1);
  return typeof value === 'number' || typeof value === 'string' ? value : null;
}
