import { createHash } from 'node:crypto';
import { MongoServerError } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { findEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { groupKindOf, holdsOneValue } from '@/lib/fields/registry';
import { logger } from '@/lib/logger';
import type { AggregateQuery, DashboardDefinition } from '@/lib/dashboards/dashboard.types';
import { groupedDimension } from '@/lib/dashboards/query-run';

/** Indexes dashboards make carry this prefix; nothing else makes or drops them. */
export const DASHBOARD_INDEX_PREFIX = 'dash_';
const MAX_KEYS = 5;

function stored(key: string): string {
  return key === 'ownerId' ? '_ownerId' : key;
}

/**
 * The indexes that let a widget's queries read an index alone, in the order the runner asks:
 * live records first (every query has `_deletedAt: null`), then the fields its filter and its
 * enumerated groupings test for one value, the field it groups by and the date it ranges over
 * (in the order below), and last the field it sums (the embedded database keeps the last key's
 * stored type in the index, so a grouped sum is answered from the index alone, and picks, for a
 * grouped query, an index holding every field it reads). A minimum or maximum gets one more,
 * live records then that field, for its sorted find of one over all of them.
 */
export function widgetIndexKeys(def: EntityDefinition, query: AggregateQuery & { dateField?: string }, dashboardDateField?: string): string[][] {
  const keys = ['_deletedAt'];
  const add = (key: string | undefined) => {
    if (key && !keys.includes(stored(key)) && keys.length < MAX_KEYS) keys.push(stored(key));
  };
  const fieldOf = (key: string) => (key === 'ownerId' ? ({ key, type: 'user' } as const) : def.fields.find((field) => field.key === key));
  const scalar = (key: string) => key === 'ownerId' || Boolean(def.fields.find((field) => field.key === key && holdsOneValue(field)));
  const kindOf = (key: string) => {
    const field = fieldOf(key);
    return key === 'ownerId' ? 'user' : field ? groupKindOf(field as never) : undefined;
  };
  if (!query.filter || query.filter.match === 'all' || query.filter.conditions.length === 1) {
    for (const condition of query.filter?.conditions ?? []) if (['anyOf', 'eq', 'isTrue', 'isMe'].includes(condition.op) && scalar(condition.field)) add(condition.field);
  }
  if (query.onlyMine) add('ownerId');
  const dimensions = (query.dimensions ?? []).filter((dimension) => kindOf(dimension.field) !== undefined);
  const grouped = groupedDimension(dimensions.map((dimension) => ({ kind: kindOf(dimension.field)!, top: dimension.top })));
  dimensions.forEach((dimension, index) => {
    const kind = kindOf(dimension.field);
    if (index !== grouped && kind !== 'day' && kind !== 'moment' && scalar(dimension.field)) add(dimension.field);
  });
  const bucketed = dimensions.find((dimension, index) => index !== grouped && (kindOf(dimension.field) === 'day' || kindOf(dimension.field) === 'moment'))?.field;
  const rangeField = query.dateField ?? dashboardDateField ?? query.dateRange?.field ?? bucketed;
  const groupedField = grouped >= 0 ? dimensions[grouped].field : undefined;
  // A period (the dashboard's or the widget's date range) spans much of the data: the groups come
  // first, in index order, and the period is tested on the index entries. Date buckets (a query
  // per month) each span little: the bucket's range comes first and its few groups are sorted.
  if (groupedField && rangeField !== bucketed) add(groupedField);
  if (rangeField !== groupedField) add(rangeField);
  if (groupedField) add(groupedField);
  const parts = query.measures.flatMap((measure) => (measure.fn === 'ratio' ? [measure.of, measure.per] : [measure])).filter((measure): measure is NonNullable<typeof measure> => Boolean(measure));
  // One index per summed field (the runner asks one sum per query), the field last.
  const summed = [...new Set(parts.filter((measure) => measure.fn === 'sum' || measure.fn === 'avg').map((measure) => measure.field).filter((field): field is string => Boolean(field && scalar(field))))];
  const withSum = (field: string) => [...keys.slice(0, MAX_KEYS - 1), stored(field)];
  const extremes = parts.filter((measure) => (measure.fn === 'min' || measure.fn === 'max') && measure.field && scalar(measure.field)).flatMap((measure) => [withSum(measure.field!), ['_deletedAt', stored(measure.field!)]]);
  return [...(summed.length > 0 ? summed.map(withSum) : [keys]), ...extremes];
}

function indexName(keys: string[]): string {
  return `${DASHBOARD_INDEX_PREFIX}${createHash('sha256').update(keys.join(',')).digest('hex').slice(0, 12)}`;
}

function queriesOf(dashboard: DashboardDefinition): (AggregateQuery & { dateField?: string })[] {
  return dashboard.widgets.flatMap((widget) => [widget.query, widget.forecast?.history, widget.forecast?.pipeline].filter((query): query is AggregateQuery => query !== undefined));
}

/**
 * Brings the dashboard indexes of the entities some dashboards read to what all dashboards
 * need: creates the missing ones and drops those of ours no dashboard needs any more. Run
 * when a dashboard is saved, installed or deleted; idempotent.
 */
export async function syncDashboardIndexes(entities: string[]): Promise<void> {
  const dashboards = await (await collection('dashboards')).find({}).toArray();
  for (const entity of new Set(entities)) {
    const def = await findEntity(entity);
    if (!def) continue;
    const wanted = new Map<string, string[]>();
    for (const dashboard of dashboards) {
      for (const query of queriesOf(dashboard as DashboardDefinition)) {
        if (query.entity !== entity) continue;
        // A dashboard's date filter ranges over its field for this entity in every widget (not the forecast's own periods).
        const period = query.dateField ? undefined : (dashboard.filters ?? []).find((filter) => filter.kind === 'date' && filter.fields[entity])?.fields[entity];
        for (const keys of widgetIndexKeys(def, query, period)) if (keys.length > 1) wanted.set(indexName(keys), keys);
      }
    }
    const records = await recordCollection(entity);
    const existing = await records.listIndexes().toArray().catch(() => [] as { name: string }[]);
    for (const index of existing) {
      if (index.name.startsWith(DASHBOARD_INDEX_PREFIX) && !wanted.has(index.name)) await records.dropIndex(index.name).catch(() => undefined);
    }
    for (const [name, keys] of wanted) {
      if (existing.some((index) => index.name === name)) continue;
      try {
        await records.createIndex(Object.fromEntries(keys.map((key) => [key, 1])), { name });
      } catch (error) {
        // 85/86: the same keys are indexed already (under another name).
        if (!(error instanceof MongoServerError && (error.code === 85 || error.code === 86))) logger.warn({ err: error, entity, name }, 'dashboard index not created');
      }
    }
  }
}

export function dashboardEntities(dashboard: DashboardDefinition): string[] {
  return [...new Set(queriesOf(dashboard).map((query) => query.entity))];
}

/** Every dashboard's indexes as this release plans them (at start: an upgrade may plan them differently). */
export async function syncAllDashboardIndexes(): Promise<void> {
  const dashboards = await (await collection('dashboards')).find({}).toArray();
  await syncDashboardIndexes(dashboards.flatMap((dashboard) => dashboardEntities(dashboard as DashboardDefinition)));
}
