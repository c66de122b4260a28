import { collection, recordCollection } from '@/lib/db/collections';
import { badRequest, notFound } from '@/lib/errors/app-error';
import { fieldType } from '@/lib/fields/registry';
import { getEntity } from '@/lib/entities/entity.service';
import type { Locale } from '@/lib/i18n/locale';
import { AUTOMATION_ACTOR } from '@/lib/permissions/actor';
import { combine } from '@/lib/records/record.filter';
import type { Actor } from '@/lib/users/user.types';
import type { ChartData, ChartDefinition, DashboardDefinition } from '@/lib/dashboards/dashboard.types';

export async function listDashboards(): Promise<DashboardDefinition[]> {
  const docs = await (await collection('dashboards')).find({}).sort({ _id: 1 }).toArray();
  return docs.map(({ _id, ...definition }) => definition);
}

export async function getDashboard(key: string): Promise<DashboardDefinition> {
  const doc = await (await collection('dashboards')).findOne({ _id: String(key) });
  if (!doc) throw notFound();
  const { _id, ...definition } = doc;
  return definition;
}

export async function saveDashboard(def: DashboardDefinition): Promise<void> {
  await (await collection('dashboards')).replaceOne({ _id: def.key }, def, { upsert: true });
}

/**
 * Counts an entity's records per value of a field, in the database ($group), not in memory.
 * Only the records the viewer may read are counted (their scope, lib/permissions); a chart of
 * an entity they may not read, or by a field hidden from them, shows nothing.
 */
export async function chartData(chart: ChartDefinition, locale: Locale, viewer: Pick<Actor, 'access'> = AUTOMATION_ACTOR): Promise<ChartData> {
  const entity = await getEntity(chart.entity);
  const field = entity.fields.find((candidate) => candidate.key === chart.groupBy);
  if (!field || !fieldType(field.type).groupable) throw badRequest(`cannot group ${chart.entity} by "${chart.groupBy}"`);
  if (!viewer.access.can(chart.entity, 'read') || viewer.access.fieldMask(entity).hidden.has(field.key)) return { chart, points: [] };
  const groups = await (await recordCollection(chart.entity))
    .aggregate<{ _id: unknown; count: number }>([
      { $match: combine({ _deletedAt: { $exists: false } }, viewer.access.filter(chart.entity, 'read')) },
      { $group: { _id: `$${chart.groupBy}`, count: { $sum: 1 } } },
      { $sort: { count: -1 } },
      { $limit: 50 },
    ])
    .toArray();
  const points = groups.map((group) => {
    const key = group._id === null || group._id === undefined ? null : String(group._id);
    const label = key === null ? '—' : fieldType(field.type).toText(group._id, field, { locale }) || key;
    return { key, label, value: group.count };
  });
  return { chart, points };
}

export async function dashboardData(key: string, locale: Locale, viewer: Pick<Actor, 'access'> = AUTOMATION_ACTOR) {
  const dashboard = await getDashboard(key);
  const charts = await Promise.all(dashboard.charts.map((chart) => chartData(chart, locale, viewer)));
  return { dashboard, charts };
}
