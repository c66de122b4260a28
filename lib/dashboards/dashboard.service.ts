import { collection, recordCollection } from '@/lib/db/collections';
import { notFound } from '@/lib/http/errors';
import { getEntity } from '@/lib/entities/entity.service';
import { pick, type Locale } from '@/lib/i18n/locale';
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

/** Counts an entity's records per value of a field, in the database ($group), not in memory. */
export async function chartData(chart: ChartDefinition, locale: Locale): Promise<ChartData> {
  const entity = await getEntity(chart.entity);
  const options = entity.fields[chart.groupBy]?.options ?? {};
  const groups = await (await recordCollection(chart.entity))
    .aggregate<{ _id: unknown; count: number }>([
      { $group: { _id: `$${chart.groupBy}`, count: { $sum: 1 } } },
      { $sort: { count: -1 } },
      { $limit: 50 },
    ])
    .toArray();
  const points = groups.map((group) => {
    const key = group._id === null || group._id === undefined ? null : String(group._id);
    const label = key === null ? '—' : options[key] ? pick(options[key], locale) : key;
    return { key, label, value: group.count };
  });
  return { chart, points };
}

export async function dashboardData(key: string, locale: Locale) {
  const dashboard = await getDashboard(key);
  const charts = await Promise.all(dashboard.charts.map((chart) => chartData(chart, locale)));
  return { dashboard, charts };
}
