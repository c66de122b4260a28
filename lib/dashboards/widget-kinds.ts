import type { WidgetKind, WidgetOptions } from '@/lib/dashboards/dashboard.types';

/** What each widget kind takes: how many groupings and measures, which display options, its size on the 12-column grid. */
export interface WidgetKindSpec {
  dimensions: [number, number];
  measures: [number, number];
  options: (keyof WidgetOptions)[];
  size: { w: number; h: number };
}

export const GRID_COLUMNS = 12;

/** The widget kinds, in the palette's order; the server checks definitions against this table. */
export const WIDGET_KIND_SPECS: Record<WidgetKind, WidgetKindSpec> = {
  kpi: { dimensions: [0, 0], measures: [1, 1], options: ['target', 'compare'], size: { w: 3, h: 3 } },
  bar: { dimensions: [1, 2], measures: [1, 4], options: ['stacked', 'horizontal'], size: { w: 6, h: 7 } },
  line: { dimensions: [1, 2], measures: [1, 4], options: [], size: { w: 6, h: 7 } },
  area: { dimensions: [1, 2], measures: [1, 4], options: ['stacked'], size: { w: 6, h: 7 } },
  pie: { dimensions: [1, 1], measures: [1, 1], options: ['donut'], size: { w: 4, h: 7 } },
  funnel: { dimensions: [1, 1], measures: [1, 2], options: [], size: { w: 4, h: 7 } },
  table: { dimensions: [0, 2], measures: [1, 6], options: ['totals'], size: { w: 6, h: 7 } },
  pivot: { dimensions: [2, 2], measures: [1, 1], options: ['totals'], size: { w: 12, h: 8 } },
  gauge: { dimensions: [0, 0], measures: [1, 1], options: ['target'], size: { w: 3, h: 5 } },
  ranking: { dimensions: [1, 1], measures: [1, 2], options: [], size: { w: 4, h: 7 } },
  forecast: { dimensions: [0, 0], measures: [0, 0], options: ['horizon', 'history', 'backtest'], size: { w: 8, h: 8 } },
};
