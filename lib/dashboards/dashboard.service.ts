import { collection, recordCollection } from '@/lib/db/collections';
import { badRequest, notFound } from '@/lib/http/errors';
import { fieldType } from '@/lib/fields/registry';
import { findEntity, getEntity } from '@/lib/entities/entity.service';
import { ensureRecordIndexes } from '@/lib/records/record.indexes';
import type { Locale } from '@/lib/i18n/locale';
import { canSeeField } from '@/lib/entities/field-access';
import type { Role } from '@/lib/users/user.types';
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
  // Charts group their entity's records by a field: its index plan includes that.
  for (const key of new Set(def.charts.map((chart) => chart.entity))) {
    const entity = await findEntity(key);
    if (entity) await ensureRecordIndexes(entity);
  }
}

/**
 * An entity's records per value of a field, counted or with a numeric field aggregated, in the
 * database: `$match` of the live records then `$group` by the field, the shape the embedded
 * database answers in SQL (the few groups are then sorted in memory). A chart by a field the
 * viewer's role may not see (FieldDefinition.visibleTo), or of one, shows nothing.
 */
export async function chartData(chart: ChartDefinition, locale: Locale, role: Role = 'admin'): Promise<ChartData> {
  const entity = await getEntity(chart.entity);
  const field = entity.fields.find((candidate) => candidate.key === chart.groupBy);
  if (!field || !fieldType(field.type).groupable) throw badRequest(`cannot group ${chart.entity} by "${chart.groupBy}"`);
  const measured = chart.value ? entity.fields.find((candidate) => candidate.key === chart.value?.field) : undefined;
  if (chart.value && !(measured && fieldType(measured.type).aggregations.includes(chart.value.fn))) throw badRequest(`cannot ${chart.value.fn} "${chart.value.field}" of ${chart.entity}`);
  if (!canSeeField(field, role) || (measured && !canSeeField(measured, role))) return { chart, points: [] };
  const accumulator = chart.value && measured ? { [`$${chart.value.fn}`]: `$${measured.key}` } : { $sum: 1 };
  const groups = await (await recordCollection(chart.entity))
    .aggregate<{ _id: unknown; value: unknown }>([{ $match: { _deletedAt: { $exists: false } } }, { $group: { _id: `$${chart.groupBy}`, value: accumulator } }])
    .toArray();
  const points = groups
    .map((group) => {
      const key = group._id === null || group._id === undefined ? null : String(group._id);
      const label = key === null ? '—' : fieldType(field.type).toText(group._id, field, { locale }) || key;
      const raw = typeof group.value === 'number' && Number.isFinite(group.value) ? group.value : 0;
      if (!measured) return { key, label, value: raw };
      // An average of money is a fraction of a minor unit: shown to the minor unit.
      const stored = measured.type === 'money' ? Math.round(raw) : raw;
      const plotted = Number(fieldType(measured.type).toFormula?.(stored, measured) ?? stored);
      return { key, label, value: plotted, text: fieldType(measured.type).toText(stored, measured, { locale }) };
    })
    .sort((a, b) => b.value - a.value)
    .slice(0, 50);
  return { chart, points };
}

export async function dashboardData(key: string, locale: Locale, role: Role = 'admin') {
  const dashboard = await getDashboard(key);
  const charts = await Promise.all(dashboard.charts.map((chart) => chartData(chart, locale, role)));
  return { dashboard, charts };
}
