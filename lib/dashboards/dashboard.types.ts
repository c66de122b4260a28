import type { FilterCondition, FilterGroup, NumericFormat } from '@/lib/fields/field.types';
import type { LocalizedText } from '@/lib/i18n/locale';
import type { Bucket, DatePreset, DayRange } from '@/lib/dashboards/time-buckets';

export const WIDGET_KINDS = ['kpi', 'bar', 'line', 'area', 'pie', 'funnel', 'table', 'pivot', 'gauge', 'ranking', 'forecast'] as const;
export type WidgetKind = (typeof WIDGET_KINDS)[number];

export const MEASURE_FNS = ['count', 'sum', 'avg', 'min', 'max', 'distinct', 'ratio'] as const;
export type MeasureFn = (typeof MEASURE_FNS)[number];

/**
 * One number computed per group: a count of records, a sum (average, minimum, maximum, number
 * of different values) of a field, or the ratio of two such measures (a win rate). A measure
 * may have a filter of its own ("won"), applied on top of the widget's.
 */
export interface MeasureSpec {
  fn: MeasureFn;
  /** The field summed (not for count and ratio). */
  field?: string;
  /** Only records matching this too (the list's filter language). */
  filter?: FilterGroup;
  label?: LocalizedText;
  /** ratio = of / per. */
  of?: MeasureSpec;
  per?: MeasureSpec;
}

/** How records split into groups: by a field's value, a date field by a calendar bucket. */
export interface DimensionSpec {
  /** A field key, or "ownerId" for the record's owner. */
  field: string;
  /** For date and date-time fields (default month). */
  bucket?: Bucket;
  /** Keep the N largest groups (by the first measure); the rest become one "Other" group unless other is false. */
  top?: number;
  other?: boolean;
  label?: LocalizedText;
}

/** A period of a date field, as a preset seen from today or given days. */
export interface DateRangeSpec {
  field: string;
  preset?: DatePreset;
  from?: string;
  to?: string;
}

/** What a widget asks of the database: an entity's records, filtered, grouped and measured. */
export interface AggregateQuery {
  entity: string;
  measures: MeasureSpec[];
  dimensions?: DimensionSpec[];
  /** The widget's own filter. */
  filter?: FilterGroup;
  /** The widget's own period (a dashboard date filter on the same entity replaces it). */
  dateRange?: DateRangeSpec;
  /** Only the viewer's own records. */
  onlyMine?: boolean;
  /** Groups of a non-date dimension in this order: by the first measure (default) or by name/option order. */
  sort?: 'value' | 'label';
}

export interface WidgetLayout {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Display settings; each kind reads its own (WIDGET_KIND_SPECS in widget-kinds.ts says which). */
export interface WidgetOptions {
  /** bar: one column per series stacked; bar: horizontal bars. */
  stacked?: boolean;
  horizontal?: boolean;
  /** pie: a ring. */
  donut?: boolean;
  /** kpi and gauge: the number the first measure should reach (money in major units, e.g. yuan). */
  target?: number;
  /** kpi: show the change against the period before the dashboard's (or the widget's) date range. */
  compare?: boolean;
  /** table and pivot: a totals row. */
  totals?: boolean;
  /** forecast: months ahead (1–12), months of history read (6–60), and the months backtested (3–12). */
  horizon?: number;
  history?: number;
  backtest?: number;
}

/**
 * The forecast widget: a trend of the history measure by month (Holt's linear exponential
 * smoothing) and, beside it, the open pipeline weighted by probability by expected close month.
 */
export interface ForecastSpec {
  /** e.g. orders paid or shipped, summed by order date. */
  history: AggregateQuery & { dateField: string };
  /** e.g. open opportunities' weighted amount by expected close date. */
  pipeline?: AggregateQuery & { dateField: string };
}

export interface WidgetDefinition {
  id: string;
  kind: WidgetKind;
  title: LocalizedText;
  layout: WidgetLayout;
  /** Every kind but forecast. */
  query?: AggregateQuery;
  forecast?: ForecastSpec;
  options?: WidgetOptions;
}

export const DASHBOARD_FILTER_KINDS = ['date', 'user', 'select'] as const;
export type DashboardFilterKind = (typeof DASHBOARD_FILTER_KINDS)[number];

/**
 * A filter the viewer sets for the whole dashboard: a date range, a person (the owner) or
 * options of a select. `fields` names, per entity, the field it filters (an entity it does not
 * name is not filtered by it); a user filter without a field filters by the owner.
 */
export interface DashboardFilterDefinition {
  id: string;
  kind: DashboardFilterKind;
  label: LocalizedText;
  fields: Record<string, string>;
  /** A date filter's preset when the dashboard opens. */
  defaultPreset?: DatePreset;
}

export interface DashboardDefinition {
  key: string;
  version: number;
  title: LocalizedText;
  widgets: WidgetDefinition[];
  filters?: DashboardFilterDefinition[];
  /** Roles that may open it (besides managers and admins, who see every dashboard); absent: everyone. */
  roles?: string[];
  template?: string;
  updatedAt?: string;
  updatedBy?: string;
}

/** What the viewer chose in the dashboard's filter bar, by filter id. */
/** `null`: the viewer chose not to filter by it (a date filter's default preset does not apply either). */
export type DashboardFilterValues = Record<string, DateFilterValue | string[] | null | undefined>;
export type DateFilterValue = { preset: DatePreset } | { from: string; to: string };

/** The first dashboards had charts that counted records by one field; read as widgets. */
export interface LegacyChartDefinition {
  id: string;
  title: LocalizedText;
  kind: 'pie' | 'bar';
  entity: string;
  groupBy: string;
}

// ---------------------------------------------------------------- results -----

/** How a measure's values read: a count, a field's numbers, a ratio, a date (min/max of dates). */
export type MeasureFormat = { kind: 'count' } | { kind: 'ratio' } | { kind: 'day' } | NumericFormat;

export interface MeasureColumn {
  label: string;
  format: MeasureFormat;
  /** The measure's own filter (a ratio's denominator's): its records' drill-down adds it. */
  filter?: FilterGroup;
}

/** One group of a dimension: its key ("" for records without a value, "\u0000other" for the rest), how it reads, and the conditions that select its records. */
export interface GroupValue {
  key: string;
  label: string;
  drill: FilterCondition[];
}

export interface DimensionResult {
  field: string;
  label: string;
  bucket?: Bucket;
  values: GroupValue[];
}

/**
 * A measure's value: a number in stored units (money in minor units, exact for counts and
 * sums), null where no record had a value, and the text in the viewer's language.
 */
export interface Cell {
  value: number | string | null;
  text: string;
}

export interface AggregateResult {
  entity: string;
  measures: MeasureColumn[];
  dimensions: DimensionResult[];
  /** One row per combination of groups (indexes into each dimension's values) with its cells. */
  rows: { at: number[]; cells: Cell[] }[];
  /** Every record the widget reads, ungrouped (the totals row, a KPI). */
  totals: Cell[];
  /** The conditions of every record the widget reads (widget, dashboard and measure filters); a group adds its own. */
  drill: FilterGroup;
  /** The date range applied, if any, and the one before it (kpi compare). */
  range?: DayRange;
  previous?: { range: DayRange; totals: Cell[] };
  /** Database queries run and how long they took together. */
  stats: { queries: number; ms: number };
}

export interface ForecastPoint {
  month: string;
  label: string;
  actual: number | null;
  trend: number | null;
  pipeline: number | null;
  /** The month's history records, and its open pipeline's. */
  drill?: FilterGroup;
  pipelineDrill?: FilterGroup;
}

export interface ForecastResult {
  entity: string;
  format: MeasureFormat;
  method: string;
  points: ForecastPoint[];
  /** Mean absolute percentage error of one-month-ahead forecasts over the backtest months (null when no month had sales). */
  mape: number | null;
  backtestMonths: number;
  /** The first month ahead (the current one) and its forecast. */
  nextMonth: string;
  next: Cell;
  drill: FilterGroup;
  pipelineDrill?: FilterGroup;
  pipelineEntity?: string;
  stats: { queries: number; ms: number };
}

export type WidgetData = { kind: 'aggregate'; result: AggregateResult } | { kind: 'forecast'; result: ForecastResult };
