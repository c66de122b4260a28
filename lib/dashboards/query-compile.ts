import type { Filter } from 'mongodb';
import { AppError } from '@/lib/errors/app-error';
import { getEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition, FilterCondition, FilterGroup, GroupKind } from '@/lib/fields/field.types';
import { aggregationsFor, groupKindOf, numericFormatOf } from '@/lib/fields/registry';
import { pick, type Locale } from '@/lib/i18n/locale';
import type { Translate } from '@/lib/i18n/messages';
import { combine, mongoFilter } from '@/lib/records/record.filter';
import type { RecordDoc } from '@/lib/records/record.types';
import type { Actor } from '@/lib/users/user.types';
import type {
  AggregateQuery,
  DashboardFilterDefinition,
  DashboardFilterValues,
  DateRangeSpec,
  MeasureFormat,
  MeasureSpec,
} from '@/lib/dashboards/dashboard.types';
import { allOf } from '@/lib/dashboards/filter-groups';
import { addDays, DATE_PRESETS, dayStart, isDay, presetRange, previousRange, type Bucket, type DatePreset, type DayRange } from '@/lib/dashboards/time-buckets';
import { viewerAccess, type ViewerAccess } from '@/lib/dashboards/viewer-access';

/** A setting that cannot work: a 400 that names it (`widgets[2].query.measures[0].field`) and says why, in the caller's language. */
export function settingError(setting: string, detail: string): AppError {
  return new AppError('invalid', 'invalid_setting', 'dashboards.invalidSetting', { setting, detail }, { [setting]: [detail] });
}

/** The record's owner can be grouped and filtered like a user field ("ownerId"). */
const OWNER: FieldDefinition = { key: 'ownerId', type: 'user', label: { 'zh-CN': '负责人', en: 'Owner' } };

export interface ResolvedField {
  /** As filters and settings name it ("ownerId" for the owner). */
  key: string;
  /** As stored in the record ("_ownerId"). */
  stored: string;
  def: FieldDefinition;
  kind?: GroupKind;
}

export type AdditiveFn = 'count' | 'sum' | 'avg';
export type CellFn = 'min' | 'max' | 'distinct';

export interface SimpleMeasure {
  fn: AdditiveFn | CellFn;
  field?: ResolvedField;
  filter?: FilterGroup;
  format: MeasureFormat;
  label: string;
}

export type CompiledMeasure = SimpleMeasure | { fn: 'ratio'; of: SimpleMeasure; per: SimpleMeasure; format: MeasureFormat; label: string };

export interface CompiledDimension {
  field: ResolvedField;
  kind: GroupKind;
  bucket?: Bucket;
  top?: number;
  other: boolean;
  label: string;
}

export interface CompiledQuery {
  def: EntityDefinition;
  access: ViewerAccess;
  actor: Actor;
  locale: Locale;
  t: Translate;
  timeZone: string;
  measures: CompiledMeasure[];
  dimensions: CompiledDimension[];
  /** Conditions of every record read: the widget's filter, the dashboard's filters, the period and "only mine". */
  base: FilterGroup;
  range?: { field: ResolvedField; days: DayRange };
  /** The base with the period before (kpi compare). */
  previous?: { days: DayRange; base: FilterGroup };
  sort: 'value' | 'label';
  /** The database filter of a group of conditions: live records in the viewer's scope. */
  mongo(group: FilterGroup): Filter<RecordDoc>;
}

export interface CompileContext {
  actor: Actor;
  locale: Locale;
  t: Translate;
  now: Date;
  timeZone: string;
  /** Where the query sits in the request, for error messages ("query", "widgets[2].query"). */
  path: string;
  dashboard?: { filters: DashboardFilterDefinition[]; values: DashboardFilterValues };
  /** The widget asks for the period before too. */
  compare?: boolean;
}

const LIVE = { _deletedAt: null } as unknown as Filter<RecordDoc>;

/** Field lookup as the viewer sees the entity: a hidden field reads like one that does not exist. */
export function resolveField(def: EntityDefinition, access: ViewerAccess, key: unknown): ResolvedField | undefined {
  if (key === 'ownerId') return { key: 'ownerId', stored: '_ownerId', def: OWNER, kind: 'user' };
  if (typeof key !== 'string') return undefined;
  const field = def.fields.find((candidate) => candidate.key === key);
  if (!field || access.hidden.has(field.key)) return undefined;
  return { key: field.key, stored: field.key, def: field, kind: groupKindOf(field) };
}

/** The conditions of a period of a date or date-time field: days compare as text, moments from the zone's midnight. */
export function rangeConditions(field: ResolvedField, days: DayRange, timeZone: string): FilterCondition[] {
  if (field.kind === 'day') return [{ field: field.key, op: 'between', value: [days.from, days.to] }];
  const start = dayStart(days.from, timeZone).toISOString();
  const end = new Date(dayStart(addDays(days.to, 1), timeZone).getTime() - 1).toISOString();
  return [{ field: field.key, op: 'between', value: [start, end] }];
}

function rangeDays(value: { preset?: unknown; from?: unknown; to?: unknown }, setting: string, ctx: CompileContext): DayRange {
  const { t } = ctx;
  if (value.preset !== undefined) {
    if (!(DATE_PRESETS as readonly unknown[]).includes(value.preset)) throw settingError(`${setting}.preset`, t('dashboards.problem.preset', { presets: DATE_PRESETS.join(', ') }));
    return presetRange(value.preset as DatePreset, ctx.now, ctx.timeZone);
  }
  if (!isDay(value.from) || !isDay(value.to)) throw settingError(setting, t('dashboards.problem.range'));
  if (value.to < value.from) throw settingError(setting, t('dashboards.problem.rangeOrder'));
  return { from: value.from, to: value.to };
}

function fieldName(field: ResolvedField, locale: Locale): string {
  return pick(field.def.label, locale) || field.key;
}

function measureLabel(spec: MeasureSpec, fn: string, field: ResolvedField | undefined, ctx: CompileContext): string {
  if (spec.label) return pick(spec.label, ctx.locale);
  const name = field ? fieldName(field, ctx.locale) : '';
  return ctx.t(`dashboards.measureLabel.${fn}` as 'dashboards.measureLabel.count', { field: name });
}

/** Checks a filter group against the entity as the viewer sees it; its problems name the setting. */
function checkedFilter(def: EntityDefinition, group: unknown, setting: string, ctx: CompileContext): FilterGroup | undefined {
  if (group === undefined) return undefined;
  try {
    mongoFilter(def, group as FilterGroup, { actorId: ctx.actor.id, mask: viewerAccess(ctx.actor, def).mask, locale: ctx.locale });
  } catch (error) {
    if (error instanceof AppError && error.kind === 'invalid') throw settingError(setting, String(error.params.detail ?? ''));
    throw error;
  }
  return group as FilterGroup;
}

function compileSimple(def: EntityDefinition, access: ViewerAccess, spec: MeasureSpec, setting: string, ctx: CompileContext): SimpleMeasure {
  const { t } = ctx;
  const filter = checkedFilter(def, spec.filter, `${setting}.filter`, ctx);
  if (spec.of !== undefined || spec.per !== undefined) throw settingError(`${setting}.${spec.of !== undefined ? 'of' : 'per'}`, t('dashboards.problem.onlyRatio'));
  if (spec.fn === 'count') {
    const field = spec.field === undefined ? undefined : resolveField(def, access, spec.field);
    if (spec.field !== undefined && !field) throw settingError(`${setting}.field`, t('dashboards.problem.unknownField', { entity: def.key, field: String(spec.field) }));
    return { fn: 'count', field, filter, format: { kind: 'count' }, label: measureLabel(spec, field ? 'countOf' : 'count', field, ctx) };
  }
  if (spec.field === undefined) throw settingError(`${setting}.field`, t('dashboards.problem.needsField', { fn: spec.fn }));
  const field = resolveField(def, access, spec.field);
  if (!field) throw settingError(`${setting}.field`, t('dashboards.problem.unknownField', { entity: def.key, field: String(spec.field) }));
  const fn = spec.fn as SimpleMeasure['fn'];
  if (field.key === 'ownerId' ? fn !== 'distinct' : !aggregationsFor(field.def).includes(fn)) {
    throw settingError(`${setting}.fn`, t('dashboards.problem.aggregation', { fn, field: field.key }));
  }
  const numeric = field.key === 'ownerId' ? undefined : numericFormatOf(field.def);
  const format: MeasureFormat = fn === 'distinct' ? { kind: 'count' } : numeric ?? { kind: 'day' };
  return { fn, field, filter, format, label: measureLabel(spec, fn, field, ctx) };
}

function compileMeasure(def: EntityDefinition, access: ViewerAccess, spec: MeasureSpec, setting: string, ctx: CompileContext): CompiledMeasure {
  if (spec.fn !== 'ratio') return compileSimple(def, access, spec, setting, ctx);
  const { t } = ctx;
  if (spec.field !== undefined) throw settingError(`${setting}.field`, t('dashboards.problem.ratioField'));
  if (!spec.of || !spec.per) throw settingError(`${setting}.${spec.of ? 'per' : 'of'}`, t('dashboards.problem.ratioParts'));
  if (spec.of.fn === 'ratio' || spec.per.fn === 'ratio') throw settingError(`${setting}.${spec.of.fn === 'ratio' ? 'of' : 'per'}.fn`, t('dashboards.problem.ratioNested'));
  const of = compileSimple(def, access, spec.of, `${setting}.of`, ctx);
  const per = compileSimple(def, access, spec.per, `${setting}.per`, ctx);
  // A ratio's filter applies to both parts (a win rate of one region).
  const filter = checkedFilter(def, spec.filter, `${setting}.filter`, ctx);
  const withFilter = (part: SimpleMeasure): SimpleMeasure => (filter ? { ...part, filter: allOf(filter, part.filter) } : part);
  return { fn: 'ratio', of: withFilter(of), per: withFilter(per), format: { kind: 'ratio' }, label: spec.label ? pick(spec.label, ctx.locale) : `${of.label} / ${per.label}` };
}

/** Which dashboard filters reach this entity, as conditions; a date filter gives the period instead. */
function dashboardConditions(def: EntityDefinition, access: ViewerAccess, ctx: CompileContext): { conditions: FilterCondition[]; range?: { field: ResolvedField; days: DayRange } } {
  const conditions: FilterCondition[] = [];
  let range: { field: ResolvedField; days: DayRange } | undefined;
  for (const filter of ctx.dashboard?.filters ?? []) {
    const value = ctx.dashboard?.values[filter.id];
    const key = filter.fields[def.key] ?? (filter.kind === 'user' ? 'ownerId' : undefined);
    if (!key) continue;
    const setting = `filters.${filter.id}`;
    const field = resolveField(def, access, key);
    // A filter on a field the viewer may not see does not apply to them (and reveals nothing).
    if (!field) continue;
    if (filter.kind === 'date') {
      const chosen = value === null ? undefined : (value ?? (filter.defaultPreset ? { preset: filter.defaultPreset } : undefined));
      if (!chosen) continue;
      if (Array.isArray(chosen) || typeof chosen !== 'object') throw settingError(setting, ctx.t('dashboards.problem.range'));
      range = { field, days: rangeDays(chosen as { preset?: unknown }, setting, ctx) };
      continue;
    }
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw settingError(setting, ctx.t('dashboards.problem.values'));
    const values = value.map((item) => (item === '$me' ? ctx.actor.id : item));
    conditions.push({ field: field.key, op: 'anyOf', value: values });
  }
  return { conditions, range };
}

/**
 * Checks a widget's query against the entity as the viewer may see it and turns it into
 * what the runner needs. Every problem is a 400 naming its setting.
 */
export async function compileQuery(query: AggregateQuery, ctx: CompileContext): Promise<CompiledQuery> {
  const { t, path } = ctx;
  const def = await getEntity(query.entity).catch((error: unknown) => {
    if (error instanceof AppError && error.kind === 'not_found') throw settingError(`${path}.entity`, t('dashboards.problem.unknownEntity', { entity: String(query.entity) }));
    throw error;
  });
  const access = viewerAccess(ctx.actor, def);
  if (!access.canRead) throw settingError(`${path}.entity`, t('dashboards.problem.unknownEntity', { entity: def.key }));

  const measures = query.measures.map((spec, index) => compileMeasure(def, access, spec, `${path}.measures[${index}]`, ctx));
  const dimensions = (query.dimensions ?? []).map((spec, index): CompiledDimension => {
    const setting = `${path}.dimensions[${index}]`;
    const field = resolveField(def, access, spec.field);
    if (!field) throw settingError(`${setting}.field`, t('dashboards.problem.unknownField', { entity: def.key, field: String(spec.field) }));
    if (!field.kind) throw settingError(`${setting}.field`, t('dashboards.problem.notDimension', { field: field.key }));
    const dated = field.kind === 'day' || field.kind === 'moment';
    if (spec.bucket !== undefined && !dated) throw settingError(`${setting}.bucket`, t('dashboards.problem.bucketNotDate', { field: field.key }));
    if (spec.top !== undefined && dated) throw settingError(`${setting}.top`, t('dashboards.problem.topDate'));
    // "Other" of a text dimension is one "is not" condition per top value: the list takes 20 conditions.
    if (spec.top !== undefined && field.kind === 'text' && spec.other !== false && spec.top > 12) throw settingError(`${setting}.top`, t('dashboards.problem.topText'));
    return {
      field,
      kind: field.kind,
      bucket: dated ? (spec.bucket ?? 'month') : undefined,
      top: spec.top,
      other: spec.other !== false,
      label: spec.label ? pick(spec.label, ctx.locale) : fieldName(field, ctx.locale),
    };
  });
  if (dimensions.length === 2 && dimensions[0].field.key === dimensions[1].field.key) throw settingError(`${path}.dimensions[1].field`, t('dashboards.problem.sameDimension'));

  const own = checkedFilter(def, query.filter, `${path}.filter`, ctx);
  const fromDashboard = dashboardConditions(def, access, ctx);
  let range = fromDashboard.range;
  if (!range && query.dateRange) range = widgetRange(def, access, query.dateRange, `${path}.dateRange`, ctx);
  const mine: FilterCondition[] = query.onlyMine ? [{ field: 'ownerId', op: 'isMe' }] : [];
  const rest = allOf(own, fromDashboard.conditions, mine);
  const base = allOf(rest, range ? rangeConditions(range.field, range.days, ctx.timeZone) : undefined);
  checkedFilter(def, base, path, ctx);
  let previous: CompiledQuery['previous'];
  if (ctx.compare && range) {
    const days = previousRange(range.days);
    previous = { days, base: allOf(rest, rangeConditions(range.field, days, ctx.timeZone)) };
  }

  const filterContext = { actorId: ctx.actor.id, mask: access.mask, locale: ctx.locale };
  return {
    def,
    access,
    actor: ctx.actor,
    locale: ctx.locale,
    t,
    timeZone: ctx.timeZone,
    measures,
    dimensions,
    base,
    range,
    previous,
    sort: query.sort ?? 'value',
    mongo: (group) => flatten(combine(LIVE, access.scope, mongoFilter(def, group, filterContext))),
  };
}

function widgetRange(def: EntityDefinition, access: ViewerAccess, spec: DateRangeSpec, setting: string, ctx: CompileContext) {
  const field = resolveField(def, access, spec.field);
  if (!field) throw settingError(`${setting}.field`, ctx.t('dashboards.problem.unknownField', { entity: def.key, field: String(spec.field) }));
  if (field.kind !== 'day' && field.kind !== 'moment') throw settingError(`${setting}.field`, ctx.t('dashboards.problem.notDate', { field: field.key }));
  return { field, days: rangeDays(spec, setting, ctx) };
}

/**
 * `{$and: [{a: …}, {b: …}]}` as `{a: …, b: …}` when no key repeats (or two ranges of one field
 * join into one): the flat shape whose equality conditions an index serves as its prefix
 * (MongoDB and the embedded database alike), and whose one-of-several values the runner asks
 * one by one. Nested and mixed shapes (`{_deletedAt: null, $and: [{status: …, $and: […]}]}`, as
 * the live-records condition, a scope and a widget's filter combine) are read as the list of
 * their conditions first.
 */
export function flatten(filter: Filter<RecordDoc>): Filter<RecordDoc> {
  if (!Array.isArray((filter as { $and?: unknown }).$and)) return singleIn(filter);
  const flat = conditionsOf(filter);
  const merged: Record<string, unknown> = {};
  for (const part of flat) {
    for (const [key, value] of Object.entries(part)) {
      if (!(key in merged)) merged[key] = value;
      else {
        const both = intersectRanges(merged[key], value);
        if (both === undefined) return { $and: flat } as Filter<RecordDoc>;
        merged[key] = both;
      }
    }
  }
  return singleIn(merged as Filter<RecordDoc>);
}

/** A filter as the conditions that must all hold: its own keys, then each part of its `$and`, recursively. */
function conditionsOf(filter: Filter<RecordDoc>): Filter<RecordDoc>[] {
  const { $and: parts, ...own } = filter as { $and?: Filter<RecordDoc>[] } & Record<string, unknown>;
  const nested = Array.isArray(parts) ? parts.flatMap(conditionsOf) : [];
  return Object.keys(own).length > 0 ? [own as Filter<RecordDoc>, ...nested] : nested;
}

const LOWER = ['$gte', '$gt'];
const UPPER = ['$lte', '$lt'];

/**
 * Two ranges of one field as one (a month bucket within the dashboard's period): the larger
 * lower bound, the smaller upper bound. Only when both are ranges over values of one type
 * (dates as text, numbers); anything else is left as an $and.
 */
function intersectRanges(a: unknown, b: unknown): Record<string, unknown> | undefined {
  const isRange = (value: unknown): value is Record<string, string | number> =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0 && Object.entries(value).every(([op, bound]) => [...LOWER, ...UPPER].includes(op) && (typeof bound === 'string' || typeof bound === 'number'));
  // Operators on one field that do not repeat simply join ({$nin: [...]} and {$exists: true}).
  const isOps = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0 && Object.keys(value).every((op) => op.startsWith('$'));
  if (isOps(a) && isOps(b) && Object.keys(a).every((op) => !(op in b))) return { ...a, ...b };
  if (!isRange(a) || !isRange(b)) return undefined;
  const bounds = [...Object.values(a), ...Object.values(b)];
  if (!bounds.every((bound) => typeof bound === typeof bounds[0])) return undefined;
  const pick = (ops: string[], tighter: (x: string | number, y: string | number) => boolean) => {
    let best: [string, string | number] | undefined;
    for (const [op, bound] of [...Object.entries(a), ...Object.entries(b)]) {
      if (!ops.includes(op)) continue;
      const strict = op === '$gt' || op === '$lt';
      if (!best || tighter(bound, best[1]) || (bound === best[1] && strict)) best = [op, bound];
    }
    return best;
  };
  const lower = pick(LOWER, (x, y) => x > y);
  const upper = pick(UPPER, (x, y) => x < y);
  return { ...(lower ? { [lower[0]]: lower[1] } : {}), ...(upper ? { [upper[0]]: upper[1] } : {}) };
}

/**
 * `{f: {$in: [v]}}` (one option picked in a filter) as `{f: v}`: the same records (an array
 * holding v matches both), but an equality an index can serve with a sort or a group after it.
 */
function singleIn(filter: Filter<RecordDoc>): Filter<RecordDoc> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    const only = !key.startsWith('$') && value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 ? (value as { $in?: unknown[] }).$in : undefined;
    result[key] = Array.isArray(only) && only.length === 1 && (typeof only[0] === 'string' || typeof only[0] === 'boolean') ? only[0] : value;
  }
  return result as Filter<RecordDoc>;
}
