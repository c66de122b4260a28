import type { DashboardDefinition, LegacyChartDefinition, WidgetDefinition } from '@/lib/dashboards/dashboard.types';

/**
 * The first dashboards had `charts` that counted records by one field; they read as bar and
 * pie widgets, two to a row, so dashboards stored (or packed in template files) before
 * widgets keep working.
 */
export function upgradeLegacy(doc: Record<string, unknown>): DashboardDefinition {
  const { _id, charts, ...rest } = doc as Record<string, unknown> & { charts?: LegacyChartDefinition[] };
  if (!Array.isArray(charts) || Array.isArray(rest.widgets)) return rest as unknown as DashboardDefinition;
  const widgets: WidgetDefinition[] = charts.map((chart, index) => ({
    id: chart.id,
    kind: chart.kind === 'pie' ? 'pie' : 'bar',
    title: chart.title,
    layout: { x: (index % 2) * 6, y: Math.floor(index / 2) * 7, w: 6, h: 7 },
    query: { entity: chart.entity, measures: [{ fn: 'count' }], dimensions: [{ field: chart.groupBy }] },
  }));
  return { ...(rest as unknown as DashboardDefinition), widgets };
}

