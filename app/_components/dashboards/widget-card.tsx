'use client';

import { useRef } from 'react';
import { useRouter } from 'next/navigation';
import useSWR from 'swr';
import { Alert, Button, Card, Dropdown, Spin, Tooltip, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, HolderOutlined, SettingOutlined } from '@ant-design/icons';
import type { DashboardFilterDefinition, DashboardFilterValues, WidgetData, WidgetDefinition } from '@/lib/dashboards/dashboard.types';
import type { FilterGroup } from '@/lib/fields/field.types';
import { api } from '@/lib/client/api-client';
import type { EChartHandle } from '../echart';
import { useI18n } from '../i18n-provider';
import { WidgetView } from './widget-view';

/** Where a widget's data comes from: a saved dashboard's widget, or a draft (the composer's live preview). */
export type WidgetSource =
  | { kind: 'saved'; dashboard: string; values: DashboardFilterValues; mine: boolean }
  | { kind: 'draft'; filters: DashboardFilterDefinition[]; values: DashboardFilterValues; mine: boolean };

export function drillHref(entity: string, filter: FilterGroup): string {
  return `/records/${entity}?filter=${encodeURIComponent(JSON.stringify(filter))}`;
}

function savedParams(source: Extract<WidgetSource, { kind: 'saved' }>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (Object.keys(source.values).length > 0) params.set('filters', JSON.stringify(source.values));
  if (source.mine) params.set('mine', '1');
  return params.toString();
}

/** One widget on the grid: its title (the drag handle while editing), its data drawn, its menu. */
export function WidgetCard({ widget, source, editing, onSettings, onRemove }: { widget: WidgetDefinition; source: WidgetSource; editing?: boolean; onSettings?: () => void; onRemove?: () => void }) {
  const { t, text, locale } = useI18n();
  const router = useRouter();
  const chart = useRef<EChartHandle>(null);
  const draftBody = source.kind === 'draft' ? { widget: { kind: widget.kind, query: widget.query, forecast: widget.forecast, options: widget.options }, filters: source.filters, values: source.values } : undefined;
  const url = source.kind === 'saved' ? `/api/dashboards/${source.dashboard}/widgets/${widget.id}?${savedParams(source)}` : `/api/dashboards/query${source.mine ? '?mine=1' : ''}`;
  // The server writes labels and numbers in the viewer's language: another language is other data.
  const { data, error, isLoading } = useSWR<WidgetData>(['widget', url, JSON.stringify(draftBody ?? null), locale], () =>
    source.kind === 'saved' ? api<WidgetData>(url) : api<WidgetData>(url, { method: 'POST', body: draftBody }),
  );
  const testId = `widget-${widget.id}`;

  function download(format: 'csv' | 'xlsx' | 'png') {
    if (format === 'png') {
      const url = chart.current?.png();
      if (!url) return;
      const link = document.createElement('a');
      link.href = url;
      link.download = `${text(widget.title) || widget.id}.png`;
      link.click();
      return;
    }
    if (source.kind !== 'saved') return;
    window.location.href = `/api/dashboards/${source.dashboard}/widgets/${widget.id}/export?${savedParams(source, { format })}`;
  }

  const charted = !['kpi', 'table', 'pivot', 'ranking'].includes(widget.kind);
  const exportItems = [
    ...(source.kind === 'saved'
      ? [
          { key: 'csv', label: t('dashboards.widget.exportCsv') },
          { key: 'xlsx', label: t('dashboards.widget.exportXlsx') },
        ]
      : []),
    ...(charted ? [{ key: 'png', label: t('dashboards.widget.exportPng') }] : []),
  ];
  const stats = data ? data.result.stats : undefined;
  return (
    <Card
      size="small"
      style={{ height: '100%', display: 'flex', flexDirection: 'column' }}
      styles={{ body: { flex: 1, minHeight: 0, overflow: 'auto', display: 'flex', flexDirection: 'column' } }}
      data-testid={`${testId}-card`}
      data-state={error ? 'error' : data ? 'ready' : 'loading'}
      title={
        <span className={editing ? 'widget-drag-handle' : undefined} style={{ cursor: editing ? 'move' : undefined }}>
          {editing && <HolderOutlined style={{ marginInlineEnd: 6 }} />}
          <Tooltip title={stats ? t('dashboards.widget.queries', { queries: stats.queries, ms: stats.ms }) : undefined}>{text(widget.title)}</Tooltip>
        </span>
      }
      extra={
        <span onMouseDown={(event) => event.stopPropagation()}>
          {exportItems.length > 0 && data && (
            <Dropdown menu={{ items: exportItems, onClick: ({ key: format }) => download(format as 'csv' | 'xlsx' | 'png') }}>
              <Button size="small" type="text" icon={<DownloadOutlined />} data-testid={`${testId}-export`} aria-label={t('dashboards.widget.exportCsv')} />
            </Dropdown>
          )}
          {editing && <Button size="small" type="text" icon={<SettingOutlined />} onClick={onSettings} data-testid={`${testId}-settings`} aria-label={t('dashboards.widget.settings')} />}
          {editing && <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} data-testid={`${testId}-remove`} aria-label={t('dashboards.widget.remove')} />}
        </span>
      }
    >
      {error ? (
        <Alert type="warning" showIcon title={t('dashboards.widget.error', { message: (error as Error).message })} data-testid={`${testId}-error`} />
      ) : !data || isLoading ? (
        <Spin />
      ) : (
        <div style={{ flex: 1, minHeight: 0 }} onMouseDown={(event) => editing && event.stopPropagation()}>
          <WidgetView ref={chart} kind={widget.kind} options={widget.options ?? {}} data={data} testId={testId} onDrill={editing ? undefined : (entity, filter) => router.push(drillHref(entity, filter))} />
        </div>
      )}
      {!editing && data && <Typography.Text type="secondary" style={{ fontSize: 11 }} />}
    </Card>
  );
}
