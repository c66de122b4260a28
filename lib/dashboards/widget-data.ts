import { config } from '@/lib/config';
import type { Locale } from '@/lib/i18n/locale';
import type { Translate } from '@/lib/i18n/messages';
import type { Actor } from '@/lib/users/user.types';
import type {
  AggregateQuery,
  DashboardFilterDefinition,
  DashboardFilterValues,
  ForecastResult,
  ForecastSpec,
  WidgetData,
  WidgetDefinition,
  WidgetKind,
  WidgetOptions,
} from '@/lib/dashboards/dashboard.types';
import { backtest, fitHolt, forecastAhead } from '@/lib/dashboards/forecast';
import { formatMeasure } from '@/lib/dashboards/measure-format';
import { allOf } from '@/lib/dashboards/filter-groups';
import { compileQuery, settingError, type CompileContext } from '@/lib/dashboards/query-compile';
import { runQuery, type QueryLog } from '@/lib/dashboards/query-run';
import { addMonths, bucketDays, bucketKey, bucketLabel, dayIn } from '@/lib/dashboards/time-buckets';
import { WIDGET_KIND_SPECS } from '@/lib/dashboards/widget-kinds';

/** "widgets[2]." before a setting's name, nothing for a query asked on its own. */
function prefix(path: string): string {
  return path ? `${path}.` : '';
}

export interface ViewContext {
  actor: Actor;
  locale: Locale;
  t: Translate;
  now?: Date;
  filters?: DashboardFilterDefinition[];
  values?: DashboardFilterValues;
  /** "Only my records" for every widget. */
  onlyMine?: boolean;
}

/** A widget to compute: its kind, query (or forecast) and options, wherever it comes from. */
export interface WidgetInput {
  kind: WidgetKind;
  query?: AggregateQuery;
  forecast?: ForecastSpec;
  options?: WidgetOptions;
}

/** Checks what depends on the kind: how many groupings and measures, which options, query or forecast. */
export function checkWidgetKind(widget: WidgetInput, path: string, t: Translate): void {
  const spec = WIDGET_KIND_SPECS[widget.kind];
  for (const option of Object.keys(widget.options ?? {})) {
    if (!(spec.options as string[]).includes(option)) throw settingError(`${prefix(path)}options.${option}`, t('dashboards.problem.option', { option, kind: widget.kind }));
  }
  if (widget.kind === 'forecast') {
    if (!widget.forecast || widget.query) throw settingError(`${prefix(path)}${widget.query ? 'query' : 'forecast'}`, t('dashboards.problem.needsForecast'));
    return;
  }
  if (!widget.query || widget.forecast) throw settingError(`${prefix(path)}${widget.forecast ? 'forecast' : 'query'}`, t('dashboards.problem.needsQuery', { kind: widget.kind }));
  const dimensions = widget.query.dimensions?.length ?? 0;
  const measures = widget.query.measures.length;
  if (dimensions < spec.dimensions[0] || dimensions > spec.dimensions[1]) {
    throw settingError(`${prefix(path)}query.dimensions`, t('dashboards.problem.dimensions', { kind: widget.kind, min: spec.dimensions[0], max: spec.dimensions[1] }));
  }
  if (measures < spec.measures[0] || measures > spec.measures[1]) {
    throw settingError(`${prefix(path)}query.measures`, t('dashboards.problem.measures', { kind: widget.kind, min: spec.measures[0], max: spec.measures[1] }));
  }
}

function compileContext(view: ViewContext, path: string, compare = false, withDates = true): CompileContext {
  const filters = (view.filters ?? []).filter((filter) => withDates || filter.kind !== 'date');
  return {
    actor: view.actor,
    locale: view.locale,
    t: view.t,
    now: view.now ?? new Date(),
    timeZone: config.timeZone,
    path,
    dashboard: { filters, values: view.values ?? {} },
    compare,
  };
}

/** Checks a widget completely against the entities as the actor sees them, without running it. */
export async function checkWidget(widget: WidgetInput, path: string, view: ViewContext): Promise<void> {
  checkWidgetKind(widget, path, view.t);
  if (widget.query) await compileQuery(widget.query, compileContext(view, `${prefix(path)}query`));
  if (widget.forecast) {
    for (const part of ['history', 'pipeline'] as const) {
      const query = widget.forecast[part];
      if (query) await compileQuery(datedQuery(query, { from: '2000-01-01', to: '2000-01-31' }), compileContext(view, `${prefix(path)}forecast.${part}`, false, false));
    }
  }
}

function datedQuery(query: AggregateQuery & { dateField: string }, days: { from: string; to: string }): AggregateQuery {
  const { dateField, ...rest } = query;
  return { ...rest, dimensions: [{ field: dateField, bucket: 'month' }], dateRange: { field: dateField, from: days.from, to: days.to } };
}

/** Computes one widget for a viewer: its groups and measures, or its forecast. */
export async function widgetData(widget: WidgetInput, path: string, view: ViewContext): Promise<{ data: WidgetData; log: QueryLog }> {
  checkWidgetKind(widget, path, view.t);
  if (widget.kind === 'forecast') return forecastData(widget.forecast!, widget.options ?? {}, path, view);
  const query = view.onlyMine ? { ...widget.query!, onlyMine: true } : widget.query!;
  const compiled = await compileQuery(query, compileContext(view, `${prefix(path)}query`, widget.kind === 'kpi' && widget.options?.compare === true));
  const { result, log } = await runQuery(compiled, `${prefix(path)}query`);
  return { data: { kind: 'aggregate', result }, log };
}

/**
 * Monthly sums of the history query over the last complete months, a Holt trend fitted on
 * them and carried forward, the pipeline's months ahead beside it, and the trend's backtest.
 * The current month counts as the first month ahead (its sales so far are shown as actual).
 */
async function forecastData(spec: ForecastSpec, options: WidgetOptions, path: string, view: ViewContext): Promise<{ data: WidgetData; log: QueryLog }> {
  const started = Date.now();
  const now = view.now ?? new Date();
  const horizon = options.horizon ?? 3;
  const historyMonths = options.history ?? 24;
  const testMonths = options.backtest ?? 6;
  const thisMonth = bucketDays(bucketKey(dayIn(now, config.timeZone), 'month'), 'month');
  const historyDays = { from: addMonths(thisMonth.from, -historyMonths), to: thisMonth.to };
  const aheadDays = { from: thisMonth.from, to: bucketDays(bucketKey(addMonths(thisMonth.from, horizon - 1), 'month'), 'month').to };
  const mine = view.onlyMine ? { onlyMine: true } : {};
  const history = await compileQuery({ ...datedQuery(spec.history, historyDays), ...mine }, compileContext(view, `${prefix(path)}forecast.history`, false, false));
  const historyRun = await runQuery(history, `${prefix(path)}forecast.history`);
  const pipelineRun = spec.pipeline
    ? await runQuery(await compileQuery({ ...datedQuery(spec.pipeline, aheadDays), ...mine }, compileContext(view, `${prefix(path)}forecast.pipeline`, false, false)), `${prefix(path)}forecast.pipeline`)
    : undefined;

  const monthly = new Map<string, number>();
  const historyResult = historyRun.result;
  for (const row of historyResult.rows) monthly.set(historyResult.dimensions[0].values[row.at[0]].key, Number(row.cells[0].value ?? 0));
  const pipeline = new Map<string, number>();
  if (pipelineRun) for (const row of pipelineRun.result.rows) pipeline.set(pipelineRun.result.dimensions[0].values[row.at[0]].key, Number(row.cells[0].value ?? 0));

  const currentKey = bucketKey(thisMonth.from, 'month');
  const pastKeys = historyResult.dimensions[0].values.map((value) => value.key).filter((key) => key < currentKey);
  const series = pastKeys.map((key) => monthly.get(key) ?? 0);
  const fit = fitHolt(series);
  const ahead = forecastAhead(fit, horizon).map((value) => Math.round(value));
  const tested = backtest(series, testMonths);
  const format = historyResult.measures[0].format;
  const fitted = new Map(pastKeys.map((key, index) => [key, fit.fitted[index]]));
  const aheadKeys = Array.from({ length: horizon }, (_, index) => bucketKey(addMonths(thisMonth.from, index), 'month'));
  const monthDrill = (run: typeof historyRun | undefined, key: string) => {
    const value = run?.result.dimensions[0].values.find((candidate) => candidate.key === key);
    return run && value ? allOf(run.result.drill, value.drill) : undefined;
  };
  const points = [
    ...pastKeys.map((key) => ({ month: key, label: bucketLabel(key, 'month', view.locale), actual: monthly.get(key) ?? 0, trend: fitted.get(key) === null || fitted.get(key) === undefined ? null : Math.round(fitted.get(key)!), pipeline: null, drill: monthDrill(historyRun, key) })),
    ...aheadKeys.map((key, index) => ({
      month: key,
      label: bucketLabel(key, 'month', view.locale),
      actual: key === currentKey ? (monthly.get(key) ?? 0) : null,
      trend: ahead[index],
      pipeline: pipelineRun ? (pipeline.get(key) ?? 0) : null,
      drill: monthDrill(historyRun, key),
      pipelineDrill: monthDrill(pipelineRun, key),
    })),
  ];
  const result: ForecastResult = {
    entity: history.def.key,
    format,
    method: 'holt',
    points,
    mape: tested.mape,
    backtestMonths: tested.months,
    nextMonth: currentKey,
    next: { value: ahead[0] ?? null, text: formatMeasure(ahead[0] ?? null, format, view.locale) },
    drill: historyResult.drill,
    ...(pipelineRun ? { pipelineDrill: pipelineRun.result.drill, pipelineEntity: pipelineRun.result.entity } : {}),
    stats: { queries: historyResult.stats.queries + (pipelineRun?.result.stats.queries ?? 0), ms: Date.now() - started },
  };
  return { data: { kind: 'forecast', result }, log: [...historyRun.log, ...(pipelineRun?.log ?? [])] };
}

export type { WidgetDefinition };
