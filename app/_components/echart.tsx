'use client';

import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, GaugeChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only the chart kinds dashboards use are bundled.
echarts.use([PieChart, BarChart, LineChart, FunnelChart, GaugeChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface EChartHandle {
  /** The chart as a PNG data URL (white background), for "export as PNG". */
  png(): string | undefined;
}

/** What a click hit: the series and the data point within it. */
export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
}

/** An ECharts canvas that follows its box's size and reports clicks on data. */
export const EChart = forwardRef<EChartHandle, { option: echarts.EChartsCoreOption; onClick?: (hit: ChartClick) => void; testId?: string; points?: string }>(function EChart(
  { option, onClick, testId, points },
  ref,
) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useImperativeHandle(ref, () => ({ png: () => chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }) }), []);

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current);
    chart.current = instance;
    // Browser tests find a data point's pixel through the instance (convertToPixel).
    (element.current as HTMLDivElement & { __chart?: echarts.ECharts }).__chart = instance;
    instance.on('click', (params) => click.current?.({ seriesIndex: params.seriesIndex ?? 0, dataIndex: params.dataIndex }));
    // Drawn and done animating: until then a point may be elsewhere or too small to be hit.
    instance.on('finished', () => element.current?.setAttribute('data-rendered', 'true'));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    element.current?.setAttribute('data-rendered', 'false');
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={element} style={{ height: '100%', width: '100%', minHeight: 120, cursor: onClick ? 'pointer' : undefined }} data-testid={testId} data-points={points} />;
});
