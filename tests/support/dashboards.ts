import type { AggregateQuery, DashboardDefinition, MeasureSpec } from '@/lib/dashboards/dashboard.types';
import { assertShape } from '@/lib/dashboards/dashboard.schema';
import { checkWidgetKind } from '@/lib/dashboards/widget-data';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FilterGroup } from '@/lib/fields/field.types';
import { aggregationsFor, groupKindOf, operatorsFor } from '@/lib/fields/registry';
import { translator } from '@/lib/i18n/messages';

/**
 * What would make a pack's dashboard fail once installed, found without a database: its shape,
 * what each widget kind takes, and every field it measures, groups, filters and ranges over
 * against the pack's entities (the server checks the same when a widget runs).
 */
export function packDashboardProblems(dashboard: DashboardDefinition, entities: EntityDefinition[]): string[] {
  const t = translator('en');
  const problems: string[] = [];
  const attempt = (what: string, run: () => void) => {
    try {
      run();
    } catch (error) {
      problems.push(`${what}: ${(error as { params?: { setting?: string; detail?: string } }).params?.setting ?? ''} ${(error as { params?: { detail?: string } }).params?.detail ?? String(error)}`);
    }
  };
  attempt('shape', () => assertShape('dashboard', dashboard, t));
  const fieldOf = (entity: string, key: string) => (key === 'ownerId' ? { key, type: 'user' as const, label: { 'zh-CN': '', en: '' } } : entities.find((def) => def.key === entity)?.fields.find((field) => field.key === key));
  const dated = (entity: string, key: string) => {
    const field = fieldOf(entity, key);
    const kind = field && groupKindOf(field);
    return kind === 'day' || kind === 'moment';
  };
  const checkFilter = (where: string, entity: string, filter: FilterGroup | undefined) => {
    for (const condition of filter?.conditions ?? []) {
      const field = fieldOf(entity, condition.field);
      if (!field) problems.push(`${where}: no field ${condition.field}`);
      else if (!operatorsFor(field).includes(condition.op)) problems.push(`${where}: ${condition.op} does not apply to ${condition.field}`);
    }
    for (const group of filter?.groups ?? []) checkFilter(where, entity, group);
  };
  const checkMeasure = (where: string, entity: string, measure: MeasureSpec) => {
    checkFilter(`${where}.filter`, entity, measure.filter);
    if (measure.fn === 'ratio') {
      if (measure.of) checkMeasure(`${where}.of`, entity, measure.of);
      if (measure.per) checkMeasure(`${where}.per`, entity, measure.per);
      return;
    }
    if (!measure.field) return;
    const field = fieldOf(entity, measure.field);
    if (!field) problems.push(`${where}: no field ${measure.field}`);
    else if (measure.fn !== 'count' && !aggregationsFor(field).includes(measure.fn)) problems.push(`${where}: ${measure.fn} does not apply to ${measure.field}`);
  };
  const checkQuery = (where: string, query: AggregateQuery & { dateField?: string }) => {
    if (!entities.some((def) => def.key === query.entity)) return problems.push(`${where}: no entity ${query.entity}`);
    query.measures.forEach((measure, index) => checkMeasure(`${where}.measures[${index}]`, query.entity, measure));
    for (const dimension of query.dimensions ?? []) {
      const field = fieldOf(query.entity, dimension.field);
      if (!field || !groupKindOf(field)) problems.push(`${where}: cannot group by ${dimension.field}`);
    }
    checkFilter(`${where}.filter`, query.entity, query.filter);
    if (query.dateField && !dated(query.entity, query.dateField)) problems.push(`${where}: ${query.dateField} is not a date`);
    if (query.dateRange && !dated(query.entity, query.dateRange.field)) problems.push(`${where}: ${query.dateRange.field} is not a date`);
  };
  dashboard.widgets.forEach((widget, index) => {
    const where = `widgets[${index}]`;
    attempt(where, () => checkWidgetKind(widget, where, t));
    if (widget.query) checkQuery(`${where}.query`, widget.query);
    if (widget.forecast) {
      checkQuery(`${where}.forecast.history`, widget.forecast.history);
      if (widget.forecast.pipeline) checkQuery(`${where}.forecast.pipeline`, widget.forecast.pipeline);
    }
  });
  for (const filter of dashboard.filters ?? []) {
    for (const [entity, key] of Object.entries(filter.fields)) {
      const field = fieldOf(entity, key);
      const kind = field && groupKindOf(field);
      const fits = filter.kind === 'date' ? kind === 'day' || kind === 'moment' : filter.kind === 'user' ? kind === 'user' : kind === 'option' || kind === 'options';
      if (!fits) problems.push(`filters.${filter.id}.fields.${entity}: ${key} does not fit a ${filter.kind} filter`);
    }
  }
  return problems;
}
