import { randomBytes } from 'node:crypto';
import { collection } from '@/lib/db/collections';
import { conflict, forbidden, notFound } from '@/lib/errors/app-error';
import type { Locale } from '@/lib/i18n/locale';
import { translator, type Translate } from '@/lib/i18n/messages';
import type { Actor } from '@/lib/users/user.types';
import type {
  DashboardDefinition,
  DashboardFilterDefinition,
  DashboardFilterValues,
  WidgetData,
  WidgetDefinition,
} from '@/lib/dashboards/dashboard.types';
import { assertShape } from '@/lib/dashboards/dashboard.schema';
import { upgradeLegacy } from '@/lib/dashboards/dashboard.legacy';
import { dashboardEntities, syncDashboardIndexes } from '@/lib/dashboards/dashboard.indexes';
import { resolveField, settingError } from '@/lib/dashboards/query-compile';
import type { QueryLog } from '@/lib/dashboards/query-run';
import { canManageDashboards, canOpenDashboard, viewerAccess } from '@/lib/dashboards/viewer-access';
import { checkWidget, widgetData, type ViewContext } from '@/lib/dashboards/widget-data';
import { getEntity } from '@/lib/entities/entity.service';
import { AUTOMATION_ACTOR } from '@/lib/permissions/actor';

/** Keys that are routes of their own under /api/dashboards. */
const RESERVED_KEYS = new Set(['query', 'new']);

async function stored(key: string): Promise<DashboardDefinition | null> {
  const doc = await (await collection('dashboards')).findOne({ _id: String(key) });
  return doc ? upgradeLegacy(doc as unknown as Record<string, unknown>) : null;
}

/**
 * The dashboards the actor may open (all of them without an actor: setup, tests, the template
 * export): those the installed packs brought first, so the home page stays the pack's overview
 * when someone composes a dashboard of their own, then the others by key.
 */
export async function listDashboards(actor?: Actor): Promise<DashboardDefinition[]> {
  const docs = await (await collection('dashboards')).find({}).sort({ _id: 1 }).toArray();
  const dashboards = docs.map((doc) => upgradeLegacy(doc as unknown as Record<string, unknown>)).filter((dashboard) => !actor || canOpenDashboard(actor, dashboard));
  return [...dashboards.filter((dashboard) => dashboard.template), ...dashboards.filter((dashboard) => !dashboard.template)];
}

export async function getDashboard(key: string, actor?: Actor): Promise<DashboardDefinition> {
  const dashboard = await stored(key);
  if (!dashboard || (actor && !canOpenDashboard(actor, dashboard))) throw notFound();
  return dashboard;
}

/** Checks a dashboard completely: its shape, each widget against the entities as `actor` sees them, its filters' fields. */
export async function checkDashboard(dashboard: DashboardDefinition, actor: Actor, t: Translate, locale: Locale = 'en'): Promise<void> {
  assertShape('dashboard', dashboard, t);
  const ids = new Set<string>();
  for (const [index, widget] of dashboard.widgets.entries()) {
    if (ids.has(widget.id)) throw settingError(`widgets[${index}].id`, t('dashboards.problem.duplicateId', { id: widget.id }));
    ids.add(widget.id);
    await checkWidget(widget, `widgets[${index}]`, { actor, locale, t });
  }
  const filterIds = new Set<string>();
  for (const filter of dashboard.filters ?? []) {
    if (filterIds.has(filter.id)) throw settingError(`filters.${filter.id}`, t('dashboards.problem.duplicateId', { id: filter.id }));
    filterIds.add(filter.id);
    for (const [entity, key] of Object.entries(filter.fields)) {
      const def = await getEntity(entity).catch(() => {
        throw settingError(`filters.${filter.id}.fields.${entity}`, t('dashboards.problem.unknownEntity', { entity }));
      });
      const field = resolveField(def, viewerAccess(actor, def), key);
      const fits = field && (filter.kind === 'date' ? field.kind === 'day' || field.kind === 'moment' : filter.kind === 'user' ? field.kind === 'user' : field.kind === 'option' || field.kind === 'options');
      if (!fits) throw settingError(`filters.${filter.id}.fields.${entity}`, t('dashboards.problem.filterField', { filter: filter.id, field: key, entity, kind: t(`dashboards.filter.kind.${filter.kind}`) }));
    }
  }
}

/** What the HTTP API accepts: the definition without what the server keeps (version, template, who changed it when). */
function editable(body: Record<string, unknown>): Record<string, unknown> {
  const { version: _version, template: _template, updatedAt: _at, updatedBy: _by, ...rest } = body;
  return rest;
}

async function write(dashboard: DashboardDefinition): Promise<void> {
  await (await collection('dashboards')).replaceOne({ _id: dashboard.key }, dashboard, { upsert: true });
  await syncDashboardIndexes(dashboardEntities(dashboard));
}

function newKey(): string {
  return `d-${randomBytes(4).toString('hex')}`;
}

export async function createDashboard(body: Record<string, unknown>, actor: Actor, t: Translate, locale: Locale): Promise<DashboardDefinition> {
  if (!canManageDashboards(actor)) throw forbidden();
  const input = { widgets: [], ...editable(body), key: body.key ?? newKey() } as Record<string, unknown>;
  const dashboard = { ...input, version: 1, updatedAt: new Date().toISOString(), updatedBy: actor.id } as unknown as DashboardDefinition;
  await checkDashboard(dashboard, actor, t, locale);
  if (RESERVED_KEYS.has(dashboard.key) || (await stored(dashboard.key))) throw settingError('key', t('dashboards.problem.keyTaken', { key: dashboard.key }));
  await write(dashboard);
  return dashboard;
}

/** Replaces a dashboard; `expectedVersion` (If-Match) refuses to overwrite someone else's newer save. */
export async function replaceDashboard(key: string, body: Record<string, unknown>, actor: Actor, t: Translate, locale: Locale, expectedVersion?: number): Promise<DashboardDefinition> {
  if (!canManageDashboards(actor)) throw forbidden();
  const current = await getDashboard(key, actor);
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw conflict(`the dashboard is at version ${current.version}, not ${expectedVersion}`);
  const input = editable(body);
  if (input.key !== undefined && input.key !== key) throw settingError('key', t('dashboards.problem.keyTaken', { key: String(input.key) }));
  const dashboard = {
    ...input,
    key,
    version: current.version + 1,
    ...(current.template ? { template: current.template } : {}),
    updatedAt: new Date().toISOString(),
    updatedBy: actor.id,
  } as unknown as DashboardDefinition;
  await checkDashboard(dashboard, actor, t, locale);
  await write(dashboard);
  return dashboard;
}

export async function duplicateDashboard(key: string, body: Record<string, unknown>, actor: Actor, t: Translate, locale: Locale): Promise<DashboardDefinition> {
  const source = await getDashboard(key, actor);
  const { template: _template, version: _version, ...copy } = source;
  return createDashboard({ ...copy, key: body.key ?? newKey(), ...(body.title ? { title: body.title } : {}) }, actor, t, locale);
}

export async function deleteDashboard(key: string, actor: Actor): Promise<void> {
  if (!canManageDashboards(actor)) throw forbidden();
  const dashboard = await getDashboard(key, actor);
  await (await collection('dashboards')).deleteOne({ _id: key });
  await syncDashboardIndexes(dashboardEntities(dashboard));
}

/**
 * Stores a dashboard a template pack brings (install, upgrade, reinstall) and builds the
 * indexes its widgets need. Packs are checked for shape before anything is written; their
 * fields are checked when a widget runs.
 */
export async function saveDashboard(def: DashboardDefinition): Promise<void> {
  const dashboard = upgradeLegacy(def as unknown as Record<string, unknown>);
  assertShape('dashboard', dashboard, translator('en'));
  await write(dashboard);
}

/** A pack dashboard's problems (shape only), as text for the install report. */
export function dashboardShapeProblems(def: DashboardDefinition): string[] {
  try {
    assertShape('dashboard', upgradeLegacy(def as unknown as Record<string, unknown>), translator('en'));
    return [];
  } catch (error) {
    return [String((error as { params?: { setting?: string; detail?: string } }).params?.setting ?? '') + ': ' + String((error as { params?: { detail?: string } }).params?.detail ?? error)];
  }
}

/** The filter values of a request (`filters` as JSON), checked for shape; their meaning is checked per widget. */
export function parseFilterValues(text: string | null, t: Translate): DashboardFilterValues {
  if (!text) return {};
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch {
    throw settingError('filters', t('dashboards.problem.values'));
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw settingError('filters', t('dashboards.problem.values'));
  return Object.fromEntries(Object.entries(values).filter(([key]) => key !== '__proto__' && key !== 'constructor')) as DashboardFilterValues;
}

export interface WidgetRequest {
  actor: Actor;
  locale: Locale;
  t: Translate;
  values: DashboardFilterValues;
  onlyMine: boolean;
}

/** One widget of a dashboard, computed for the viewer with the dashboard's filters. */
export async function dashboardWidgetData(key: string, widgetId: string, request: WidgetRequest): Promise<{ widget: WidgetDefinition; data: WidgetData; log: QueryLog }> {
  const dashboard = await getDashboard(key, request.actor);
  const index = dashboard.widgets.findIndex((candidate) => candidate.id === widgetId);
  if (index < 0) throw notFound();
  const widget = dashboard.widgets[index];
  const view: ViewContext = { actor: request.actor, locale: request.locale, t: request.t, filters: dashboard.filters, values: request.values, onlyMine: request.onlyMine };
  const { data, log } = await widgetData(widget, `widgets[${index}]`, view);
  return { widget, data, log };
}

/** An ad-hoc widget (the composer's preview, scripts): POST /api/dashboards/query. */
export async function adhocWidgetData(body: Record<string, unknown>, request: WidgetRequest): Promise<{ data: WidgetData; log: QueryLog }> {
  assertShape('query', body, request.t);
  const widget = (body.widget as WidgetDefinition | undefined) ?? (body.query ? ({ kind: 'table', query: body.query } as WidgetDefinition) : undefined);
  if (!widget) throw settingError('widget', request.t('dashboards.problem.needsQuery', { kind: 'table' }));
  const filters = (body.filters as DashboardFilterDefinition[] | undefined) ?? [];
  const values = (body.values as DashboardFilterValues | undefined) ?? request.values;
  return widgetData(widget, body.widget ? 'widget' : '', { actor: request.actor, locale: request.locale, t: request.t, filters, values, onlyMine: request.onlyMine });
}

export { AUTOMATION_ACTOR };
