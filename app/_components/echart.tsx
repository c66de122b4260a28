'use client';

import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartData } from '@/lib/dashboards/dashboard.types';

// Only the chart kinds dashboards use are bundled.
echarts.use([PieChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

function optionFor({ chart, points }: ChartData): echarts.EChartsCoreOption {
  if (chart.kind === 'pie') {
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: points.map((p) => ({ name: p.label, value: p.value })) }],
    };
  }
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: points.map((p) => p.label) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: points.map((p) => p.value), barMaxWidth: 48 }],
  };
}

export function EChart({ data }: { data: ChartData }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current);
    chart.setOption(optionFor(data));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [data]);
  return <div ref={element} style={{ height: 320, width: '100%' }} data-testid={`chart-${data.chart.id}`} data-points={JSON.stringify(data.points)} />;
}
