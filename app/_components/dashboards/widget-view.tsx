'use client';

import { forwardRef, useMemo } from 'react';
import { Empty, Progress, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import type { AggregateResult, Cell, ForecastResult, WidgetData, WidgetKind, WidgetOptions } from '@/lib/dashboards/dashboard.types';
import type { FilterGroup } from '@/lib/fields/field.types';
import { allOf } from '@/lib/dashboards/filter-groups';
import { formatMeasure, plotValue, targetInStoredUnits } from '@/lib/dashboards/measure-format';
import { EChart, type EChartHandle } from '../echart';
import { useI18n } from '../i18n-provider';

/** Where a click leads: the entity's list filtered to exactly the records behind it. */
export type Drill = (entity: string, filter: FilterGroup) => void;

const keyOf = (at: number[]) => at.join(',');

function rowIndex(result: AggregateResult): Map<string, AggregateResult['rows'][number]> {
  return new Map(result.rows.map((row) => [keyOf(row.at), row]));
}

/** The records of one cell: the widget's conditions, each grouping's and the measure's own. */
export function cellDrill(result: AggregateResult, at: number[], measure = 0): FilterGroup {
  return allOf(result.drill, ...at.map((value, index) => result.dimensions[index].values[value]?.drill ?? []), result.measures[measure]?.filter);
}

function changeText(current: Cell, previous: Cell | undefined): { text: string; up: boolean } | null {
  if (!previous || typeof current.value !== 'number' || typeof previous.value !== 'number' || previous.value === 0) return null;
  const change = (current.value - previous.value) / Math.abs(previous.value);
  return { text: `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`, up: change >= 0 };
}

interface Props {
  kind: WidgetKind;
  options: WidgetOptions;
  data: WidgetData;
  onDrill?: Drill;
  testId: string;
}

/** A widget's data drawn as its kind: numbers, charts and tables whose parts drill down on click. */
export const WidgetView = forwardRef<EChartHandle, Props>(function WidgetView({ kind, options, data, onDrill, testId }, ref) {
  const { t, locale } = useI18n();
  if (data.kind === 'forecast') return <ForecastView result={data.result} onDrill={onDrill} testId={testId} ref={ref} />;
  const result = data.result;
  const drill = (at: number[], measure = 0) => onDrill?.(result.entity, cellDrill(result, at, measure));
  const first = result.measures[0];

  if (kind === 'kpi' || kind === 'gauge') {
    const total = result.totals[0];
    const target = options.target !== undefined ? targetInStoredUnits(options.target, first.format) : undefined;
    const attainment = target && typeof total.value === 'number' ? total.value / target : undefined;
    if (kind === 'gauge') {
      const option: EChartsCoreOption = {
        series: [
          {
            type: 'gauge',
            min: 0,
            max: 100,
            progress: { show: true, width: 12 },
            axisLine: { lineStyle: { width: 12 } },
            detail: { valueAnimation: false, formatter: () => (attainment === undefined ? total.text : `${(attainment * 100).toFixed(1)}%`), fontSize: 18 },
            data: [{ value: attainment === undefined ? 0 : Math.min(100, attainment * 100), name: target === undefined ? total.text : t('dashboards.widget.ofTarget', { value: total.text, target: formatMeasure(target, first.format, locale) }) }],
          },
        ],
      };
      return <EChart ref={ref} option={option} onClick={() => drill([])} testId={testId} points={JSON.stringify([total])} />;
    }
    const change = changeText(total, result.previous?.totals[0]);
    return (
      <Space orientation="vertical" size={4} style={{ cursor: 'pointer', width: '100%' }} onClick={() => drill([])} data-testid={testId} data-points={JSON.stringify([total])}>
        <Statistic title={first.label} value={total.text} />
        {change && <Tag color={change.up ? 'green' : 'red'}>{t('dashboards.widget.vsPrevious', { value: change.text })}</Tag>}
        {target !== undefined && attainment !== undefined && (
          <>
            <Progress percent={Math.round(attainment * 1000) / 10} size="small" status={attainment >= 1 ? 'success' : 'active'} />
            <Typography.Text type="secondary">{t('dashboards.widget.ofTarget', { value: `${(attainment * 100).toFixed(1)}%`, target: formatMeasure(target, first.format, locale) })}</Typography.Text>
          </>
        )}
      </Space>
    );
  }

  if (result.rows.length === 0 && result.dimensions.length > 0) return <Empty description={t('dashboards.widget.noData')} data-testid={testId} data-points="[]" />;
  if (kind === 'table') return <TableView result={result} totals={options.totals !== false} onCell={drill} testId={testId} />;
  if (kind === 'pivot') return <PivotView result={result} totals={options.totals !== false} onCell={drill} testId={testId} />;
  if (kind === 'ranking') return <RankingView result={result} onCell={drill} testId={testId} />;
  return <ChartView ref={ref} kind={kind} options={options} result={result} onCell={drill} testId={testId} />;
});

/** The plotted series: one per measure over one grouping, or one per group of the second grouping. */
function seriesOf(result: AggregateResult) {
  const rows = rowIndex(result);
  const [x, split] = result.dimensions;
  if (!split) {
    return result.measures.map((measure, m) => ({
      name: measure.label,
      measure: m,
      points: x.values.map((_, i) => ({ at: [i], cell: rows.get(keyOf([i]))?.cells[m] })),
    }));
  }
  return split.values.map((value, j) => ({
    name: value.label,
    measure: 0,
    points: x.values.map((_, i) => ({ at: [i, j], cell: rows.get(keyOf([i, j]))?.cells[0] })),
  }));
}

const ChartView = forwardRef<EChartHandle, { kind: WidgetKind; options: WidgetOptions; result: AggregateResult; onCell: (at: number[], measure?: number) => void; testId: string }>(function ChartView(
  { kind, options, result, onCell, testId },
  ref,
) {
  const series = useMemo(() => seriesOf(result), [result]);
  const labels = result.dimensions[0].values.map((value) => value.label);
  const format = (m: number) => result.measures[m].format;
  const option = useMemo<EChartsCoreOption>(() => {
    if (kind === 'pie' || kind === 'funnel') {
      const only = series[0];
      const data = only.points.map((point, i) => ({ name: labels[i], value: plotValue(point.cell?.value ?? null, format(0)) ?? 0, text: point.cell?.text ?? '' }));
      const second = result.measures[1] ? seriesOf(result)[1] : undefined;
      return {
        tooltip: { trigger: 'item', formatter: (p: { name: string; dataIndex: number; percent?: number }) => `${p.name}: ${data[p.dataIndex].text}${p.percent !== undefined ? ` (${p.percent}%)` : ''}${second ? ` · ${second.points[p.dataIndex].cell?.text ?? ''}` : ''}` },
        legend: { bottom: 0, type: 'scroll' },
        series: [
          kind === 'pie'
            ? { type: 'pie', radius: options.donut ? ['40%', '68%'] : [0, '68%'], center: ['50%', '45%'], data }
            : { type: 'funnel', sort: 'none', left: '10%', width: '80%', top: 8, bottom: 40, label: { formatter: (p: { name: string; dataIndex: number }) => `${p.name} ${data[p.dataIndex].text}${second ? ` · ${second.points[p.dataIndex].cell?.text ?? ''}` : ''}` }, data },
        ],
      };
    }
    const horizontal = kind === 'bar' && options.horizontal;
    const category = { type: 'category', data: labels, axisLabel: { hideOverlap: true } };
    const value = { type: 'value' };
    return {
      tooltip: { trigger: 'axis', valueFormatter: undefined },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? { ...category, inverse: true } : value,
      series: series.map((one) => ({
        name: one.name,
        type: kind === 'bar' ? 'bar' : 'line',
        ...(kind === 'area' ? { areaStyle: {} } : {}),
        ...((kind === 'bar' || kind === 'area') && options.stacked ? { stack: 'all' } : {}),
        barMaxWidth: 40,
        data: one.points.map((point) => ({ value: plotValue(point.cell?.value ?? null, format(one.measure)), text: point.cell?.text })),
        tooltip: { valueFormatter: (_: unknown, index: number) => one.points[index]?.cell?.text ?? '' },
      })),
    };
  }, [kind, options, series, labels, result]);
  const points = JSON.stringify(series.map((one) => ({ name: one.name, points: one.points.map((point, i) => ({ label: labels[i], value: point.cell?.value ?? null, text: point.cell?.text ?? '' })) })));
  return <EChart ref={ref} option={option} onClick={(hit) => onCell(series[hit.seriesIndex]?.points[hit.dataIndex]?.at ?? [hit.dataIndex], series[hit.seriesIndex]?.measure ?? 0)} testId={testId} points={points} />;
});

function TableView({ result, totals, onCell, testId }: { result: AggregateResult; totals: boolean; onCell: (at: number[], measure?: number) => void; testId: string }) {
  const { t } = useI18n();
  const columns = [
    ...result.dimensions.map((dimension, d) => ({ title: dimension.label, key: `d${d}`, render: (_: unknown, row: AggregateResult['rows'][number]) => dimension.values[row.at[d]]?.label })),
    ...result.measures.map((measure, m) => ({
      title: measure.label,
      key: `m${m}`,
      align: 'right' as const,
      render: (_: unknown, row: AggregateResult['rows'][number]) => <a onClick={() => onCell(row.at, m)}>{row.cells[m].text}</a>,
    })),
  ];
  return (
    <Table
      size="small"
      data-testid={testId}
      rowKey={(row) => keyOf(row.at)}
      columns={columns}
      dataSource={result.rows}
      pagination={false}
      scroll={{ y: 'calc(100% - 40px)' }}
      summary={
        totals && result.dimensions.length > 0
          ? () => (
              <Table.Summary.Row>
                {result.dimensions.map((_, d) => (
                  <Table.Summary.Cell key={d} index={d}>
                    {d === 0 ? <strong>{t('dashboards.widget.total')}</strong> : null}
                  </Table.Summary.Cell>
                ))}
                {result.totals.map((cell, m) => (
                  <Table.Summary.Cell key={m} index={result.dimensions.length + m} align="right">
                    <a onClick={() => onCell([], m)}>
                      <strong>{cell.text}</strong>
                    </a>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )
          : undefined
      }
    />
  );
}

function PivotView({ result, totals, onCell, testId }: { result: AggregateResult; totals: boolean; onCell: (at: number[], measure?: number) => void; testId: string }) {
  const { t, locale } = useI18n();
  const rows = rowIndex(result);
  const [down, across] = result.dimensions;
  const format = result.measures[0].format;
  const sum = (cells: (Cell | undefined)[]) => cells.reduce((total, cell) => total + (typeof cell?.value === 'number' ? cell.value : 0), 0);
  // Row and column totals are sums: exact for counts and sums (the measure a pivot usually shows).
  const additive = format.kind !== 'ratio' && format.kind !== 'day';
  const columns = [
    { title: down.label, key: 'row', fixed: 'left' as const, render: (_: unknown, row: { i: number }) => down.values[row.i].label },
    ...across.values.map((value, j) => ({
      title: value.label,
      key: `c${j}`,
      align: 'right' as const,
      render: (_: unknown, row: { i: number }) => {
        const cell = rows.get(keyOf([row.i, j]))?.cells[0];
        return <a onClick={() => onCell([row.i, j])}>{cell?.text ?? '—'}</a>;
      },
    })),
    ...(totals && additive
      ? [{ title: t('dashboards.widget.total'), key: 'total', align: 'right' as const, render: (_: unknown, row: { i: number }) => <strong>{formatMeasure(sum(across.values.map((__, j) => rows.get(keyOf([row.i, j]))?.cells[0])), format, locale)}</strong> }]
      : []),
  ];
  return (
    <Table
      size="small"
      data-testid={testId}
      rowKey="i"
      columns={columns}
      dataSource={down.values.map((_, i) => ({ i }))}
      pagination={false}
      scroll={{ x: 'max-content' }}
      summary={
        totals && additive
          ? () => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <strong>{t('dashboards.widget.total')}</strong>
                </Table.Summary.Cell>
                {across.values.map((_, j) => (
                  <Table.Summary.Cell key={j} index={j + 1} align="right">
                    <strong>{formatMeasure(sum(down.values.map((__, i) => rows.get(keyOf([i, j]))?.cells[0])), format, locale)}</strong>
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={across.values.length + 1} align="right">
                  <a onClick={() => onCell([])}>
                    <strong>{result.totals[0].text}</strong>
                  </a>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )
          : undefined
      }
    />
  );
}

function RankingView({ result, onCell, testId }: { result: AggregateResult; onCell: (at: number[], measure?: number) => void; testId: string }) {
  const rows = result.rows;
  const max = Math.max(...rows.map((row) => (typeof row.cells[0].value === 'number' ? row.cells[0].value : 0)), 1);
  return (
    <ol data-testid={testId} data-points={JSON.stringify(rows.map((row) => ({ label: result.dimensions[0].values[row.at[0]].label, text: row.cells[0].text })))} style={{ margin: 0, paddingInlineStart: 24 }}>
      {rows.map((row) => (
        <li key={keyOf(row.at)} style={{ cursor: 'pointer', marginBottom: 6 }} onClick={() => onCell(row.at)}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text ellipsis style={{ maxWidth: 200 }}>
              {result.dimensions[0].values[row.at[0]].label}
            </Typography.Text>
            <Typography.Text strong>
              {row.cells[0].text}
              {row.cells[1] ? ` · ${row.cells[1].text}` : ''}
            </Typography.Text>
          </Space>
          <Progress percent={Math.max(0, ((typeof row.cells[0].value === 'number' ? row.cells[0].value : 0) / max) * 100)} showInfo={false} size="small" />
        </li>
      ))}
    </ol>
  );
}

const ForecastView = forwardRef<EChartHandle, { result: ForecastResult; onDrill?: Drill; testId: string }>(function ForecastView({ result, onDrill, testId }, ref) {
  const { t } = useI18n();
  const plot = (value: number | null) => plotValue(value, result.format);
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: result.points.map((point) => point.label) },
      yAxis: { type: 'value' },
      series: [
        { name: t('dashboards.forecast.actual'), type: 'bar', barMaxWidth: 28, data: result.points.map((point) => plot(point.actual)) },
        { name: t('dashboards.forecast.trend'), type: 'line', smooth: false, data: result.points.map((point) => plot(point.trend)) },
        ...(result.pipelineDrill ? [{ name: t('dashboards.forecast.pipeline'), type: 'bar', barMaxWidth: 28, data: result.points.map((point) => plot(point.pipeline)) }] : []),
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [result, t],
  );
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <Space wrap size="large">
        <Statistic title={`${t('dashboards.forecast.next')} · ${result.points.find((point) => point.month === result.nextMonth)?.label ?? ''}`} value={result.next.text} />
        <Typography.Text type="secondary" data-testid={`${testId}-mape`}>
          {result.mape === null ? t('dashboards.forecast.mapeNone') : t('dashboards.forecast.mape', { value: `${(result.mape * 100).toFixed(1)}%`, months: result.backtestMonths })}
        </Typography.Text>
      </Space>
      <div style={{ flex: 1, minHeight: 0 }}>
        <EChart
          ref={ref}
          option={option}
          testId={testId}
          points={JSON.stringify(result.points)}
          onClick={(hit) => {
            const point = result.points[hit.dataIndex];
            if (!point || !onDrill) return;
            if (hit.seriesIndex === 2 && result.pipelineEntity) onDrill(result.pipelineEntity, point.pipelineDrill ?? result.pipelineDrill!);
            else onDrill(result.entity, point.drill ?? result.drill);
          }}
        />
      </div>
    </div>
  );
});
