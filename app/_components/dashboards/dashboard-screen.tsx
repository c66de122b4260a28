'use client';

import 'react-grid-layout/css/styles.css';
import 'react-resizable/css/styles.css';
import { useMemo, useState } from 'react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import useSWR from 'swr';
import ReactGridLayout, { useContainerWidth } from 'react-grid-layout';
import { App, Button, Card, Checkbox, Drawer, Dropdown, Empty, Input, Modal, Space, Typography } from 'antd';
import { AppstoreAddOutlined, CopyOutlined, EditOutlined, FilterOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import type { DashboardDefinition, DashboardFilterValues, WidgetDefinition, WidgetKind } from '@/lib/dashboards/dashboard.types';
import { WIDGET_KINDS } from '@/lib/dashboards/dashboard.types';
import { GRID_COLUMNS, WIDGET_KIND_SPECS } from '@/lib/dashboards/widget-kinds';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { api, ApiError } from '@/lib/client/api-client';
import { isDated } from '@/lib/fields/registry';
import { translator } from '@/lib/i18n/messages';
import type { MeView } from '@/lib/permissions/actor';
import { useI18n } from '../i18n-provider';
import { FilterBar } from './filter-bar';
import { FiltersEditor } from './filters-editor';
import { WidgetCard } from './widget-card';
import { starterQuery, WidgetSettings } from './widget-settings';

const ROW_HEIGHT = 44;
/** Below this width (a phone) the widgets stack, one per row, in reading order. */
const NARROW_WIDTH = 640;

type GridItem = { i: string; x: number; y: number; w: number; h: number; minW: number; minH: number };

/** The layout as one column: widgets in reading order (top to bottom, left to right), each the full width. */
function stacked(layout: GridItem[]): GridItem[] {
  let y = 0;
  return [...layout]
    .sort((a, b) => a.y - b.y || a.x - b.x)
    .map((item) => {
      const placed = { ...item, x: 0, y, w: GRID_COLUMNS, minW: GRID_COLUMNS };
      y += item.h;
      return placed;
    });
}

/**
 * The grid's container, measured once it is on the page: it mounts with the widgets, so the
 * measuring hook sees its element (measured in the screen's own component, the element did
 * not exist yet while the dashboard loaded, and the grid kept its default 1280 px).
 */
function MeasuredGrid({ children }: { children: (width: number) => React.ReactNode }) {
  const { width, containerRef, mounted } = useContainerWidth({ measureBeforeMount: true });
  return (
    <div ref={containerRef} data-testid="dashboard-grid">
      {mounted ? children(width) : null}
    </div>
  );
}

function parseValues(text: string | null): DashboardFilterValues {
  try {
    const parsed = text ? JSON.parse(text) : {};
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function newWidgetId(widgets: WidgetDefinition[]): string {
  for (let n = widgets.length + 1; ; n++) if (!widgets.some((widget) => widget.id === `w${n}`)) return `w${n}`;
}

/** The lowest free row: a new widget goes below the others. */
function bottom(widgets: WidgetDefinition[]): number {
  return widgets.reduce((max, widget) => Math.max(max, widget.layout.y + widget.layout.h), 0);
}

/**
 * A dashboard: the filter bar (its values live in the URL, so a link reproduces the view) over
 * the grid of widgets. Managers and admins switch to editing: drag and resize on the grid, add
 * widgets from the palette or copy them from other dashboards (the packs'), set each one with
 * a live preview, share with roles, save.
 */
export function DashboardScreen({ dashboardKey, actor }: { dashboardKey: string; actor: MeView }) {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const { data: saved, error, mutate } = useSWR<DashboardDefinition>(`/api/dashboards/${dashboardKey}`);
  const { data: entityList } = useSWR<{ items: EntityDefinition[] }>('/api/entities');
  const entities = useMemo(() => entityList?.items ?? [], [entityList]);
  const values = useMemo(() => parseValues(params.get('filters')), [params]);
  const mine = params.get('mine') === '1';
  const [draft, setDraft] = useState<DashboardDefinition | null>(null);
  // Other dashboards' widgets are offered to copy while composing: not asked beside a viewer's widgets.
  const { data: others } = useSWR<{ items: DashboardDefinition[] }>(draft ? '/api/dashboards' : null);
  const [editingWidget, setEditingWidget] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [editingFilters, setEditingFilters] = useState(false);
  // Mirrors canManageDashboards (lib/dashboards/viewer-access.ts); the server decides.
  const manager = actor.admin || actor.system.includes('dashboards');

  if (error) return <Typography.Text type="danger">{(error as Error).message}</Typography.Text>;
  if (!saved) return <Card loading />;
  const dashboard = draft ?? saved;
  const editing = draft !== null;

  function setFilters(next: DashboardFilterValues, nextMine: boolean) {
    const search = new URLSearchParams(params.toString());
    const kept = Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)));
    if (Object.keys(kept).length > 0) search.set('filters', JSON.stringify(kept));
    else search.delete('filters');
    if (nextMine) search.set('mine', '1');
    else search.delete('mine');
    router.replace(`${pathname}?${search}`, { scroll: false });
  }

  function update(patch: Partial<DashboardDefinition>) {
    setDraft((previous) => ({ ...(previous ?? saved!), ...patch }));
  }

  function updateWidget(id: string, next: WidgetDefinition) {
    update({ widgets: dashboard.widgets.map((widget) => (widget.id === id ? next : widget)) });
  }

  function addWidget(kind: WidgetKind) {
    const entity = entities.find((candidate) => candidate.key === dashboard.widgets.find((widget) => widget.query)?.query?.entity) ?? entities[0];
    if (!entity) return;
    const size = WIDGET_KIND_SPECS[kind].size;
    const id = newWidgetId(dashboard.widgets);
    const title = { 'zh-CN': translator('zh-CN')(`dashboards.kind.${kind}`), en: translator('en')(`dashboards.kind.${kind}`) };
    const base = { id, kind, title, layout: { x: 0, y: bottom(dashboard.widgets), ...size } };
    const widget: WidgetDefinition =
      kind === 'forecast'
        ? { ...base, forecast: { history: { entity: entity.key, measures: [{ fn: 'count' }], dateField: entity.fields.find(isDated)?.key ?? '' } } }
        : { ...base, query: starterQuery(kind, entity) };
    update({ widgets: [...dashboard.widgets, widget] });
    setEditingWidget(id);
  }

  function copyWidget(widget: WidgetDefinition) {
    const id = newWidgetId(dashboard.widgets);
    update({ widgets: [...dashboard.widgets, { ...structuredClone(widget), id, layout: { ...widget.layout, x: 0, y: bottom(dashboard.widgets) } }] });
  }

  async function save() {
    if (!draft) return;
    setSaving(true);
    try {
      const { version, template: _template, updatedAt: _at, updatedBy: _by, ...body } = draft;
      await api(`/api/dashboards/${dashboardKey}`, { method: 'PUT', body, headers: { 'if-match': String(version) } });
      await mutate();
      setDraft(null);
      setEditingWidget(null);
      message.success(t('dashboards.action.saved'));
    } catch (failure) {
      const problem = failure as ApiError;
      Modal.error({ title: t('common.error', { message: '' }), content: <span data-testid="dashboard-save-error">{problem.message}</span> });
    } finally {
      setSaving(false);
    }
  }

  const layout = dashboard.widgets.map((widget) => ({ i: widget.id, ...widget.layout, minW: 2, minH: 2 }));
  const current = dashboard.widgets.find((widget) => widget.id === editingWidget);
  const copyable = (others?.items ?? []).filter((other) => other.key !== dashboard.key).flatMap((other) => other.widgets.map((widget) => ({ other, widget })));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          {editing ? (
            <Space.Compact>
              <Input value={dashboard.title['zh-CN']} onChange={(event) => update({ title: { ...dashboard.title, 'zh-CN': event.target.value } })} placeholder={t('dashboards.field.titleZh')} data-testid="dashboard-title-zh" />
              <Input value={dashboard.title.en} onChange={(event) => update({ title: { ...dashboard.title, en: event.target.value } })} placeholder={t('dashboards.field.titleEn')} data-testid="dashboard-title-en" />
            </Space.Compact>
          ) : (
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="dashboard-title">
              {text(dashboard.title)}
            </Typography.Title>
          )}
          <Link prefetch={false} href="/dashboards">{t('dashboards.list.title')}</Link>
        </Space>
        {manager && (
          <Space wrap>
            {editing ? (
              <>
                <Dropdown menu={{ items: WIDGET_KINDS.map((kind) => ({ key: kind, label: <span data-testid={`palette-${kind}`}>{t(`dashboards.kind.${kind}`)}</span> })), onClick: ({ key }) => addWidget(key as WidgetKind) }}>
                  <Button icon={<PlusOutlined />} data-testid="dashboard-add-widget">
                    {t('dashboards.action.addWidget')}
                  </Button>
                </Dropdown>
                <Dropdown
                  disabled={copyable.length === 0}
                  menu={{ items: copyable.map(({ other, widget }, index) => ({ key: String(index), label: `${text(other.title)} · ${text(widget.title)}` })), onClick: ({ key }) => copyWidget(copyable[Number(key)].widget) }}
                >
                  <Button icon={<CopyOutlined />} data-testid="dashboard-copy-widget">
                    {t('dashboards.action.fromOther')}
                  </Button>
                </Dropdown>
                <Button icon={<FilterOutlined />} onClick={() => setEditingFilters(true)} data-testid="dashboard-edit-filters">
                  {t('dashboards.filter.add')}
                </Button>
                <Dropdown
                  trigger={['click']}
                  popupRender={() => (
                    <Card size="small" style={{ width: 280 }}>
                      <Typography.Paragraph type="secondary">{t('dashboards.action.shareHelp')}</Typography.Paragraph>
                      <Checkbox.Group
                        value={dashboard.roles ?? []}
                        onChange={(roles) => update({ roles: roles.length > 0 ? (roles as string[]) : undefined })}
                        options={['staff', 'manager'].map((role) => ({ value: role, label: t(`role.${role}` as 'role.staff') }))}
                      />
                    </Card>
                  )}
                >
                  <Button>{t('dashboards.action.share')}</Button>
                </Dropdown>
                <Button
                  onClick={() => {
                    setDraft(null);
                    setEditingWidget(null);
                  }}
                >
                  {t('common.cancel')}
                </Button>
                <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="dashboard-save">
                  {t('dashboards.action.save')}
                </Button>
              </>
            ) : (
              <Button icon={<EditOutlined />} onClick={() => setDraft(structuredClone(saved))} data-testid="dashboard-edit">
                {t('dashboards.action.edit')}
              </Button>
            )}
          </Space>
        )}
      </Space>
      <Drawer open={editingFilters} size="large" title={t('dashboards.filter.add')} onClose={() => setEditingFilters(false)}>
        <FiltersEditor dashboard={dashboard} entities={entities} onChange={(filters) => update({ filters })} />
      </Drawer>
      {(dashboard.filters?.length ?? 0) > 0 || !editing ? <FilterBar filters={dashboard.filters ?? []} entities={entities} values={values} mine={mine} onChange={setFilters} /> : null}
      <MeasuredGrid>
        {(width) => (
          <>
            {dashboard.widgets.length === 0 && (
              <Empty description={t('dashboards.list.empty')}>
                {editing && (
                  <Button icon={<AppstoreAddOutlined />} onClick={() => addWidget('kpi')}>
                    {t('dashboards.action.addWidget')}
                  </Button>
                )}
              </Empty>
            )}
            {dashboard.widgets.length > 0 && (
              <ReactGridLayout
                layout={width < NARROW_WIDTH ? stacked(layout) : layout}
                width={width}
                gridConfig={{ cols: GRID_COLUMNS, rowHeight: ROW_HEIGHT, margin: [12, 12] }}
                dragConfig={{ enabled: editing && width >= NARROW_WIDTH, handle: '.widget-drag-handle' }}
                resizeConfig={{ enabled: editing && width >= NARROW_WIDTH }}
                onLayoutChange={(next) => {
                  if (!editing || width < NARROW_WIDTH) return;
                  const moved = dashboard.widgets.map((widget) => {
                    const item = next.find((candidate) => candidate.i === widget.id);
                    return item ? { ...widget, layout: { x: item.x, y: item.y, w: item.w, h: item.h } } : widget;
                  });
                  if (JSON.stringify(moved.map((widget) => widget.layout)) !== JSON.stringify(dashboard.widgets.map((widget) => widget.layout))) update({ widgets: moved });
                }}
              >
                {dashboard.widgets.map((widget) => (
                  <div key={widget.id}>
                    <WidgetCard
                      widget={widget}
                      editing={editing}
                      source={editing ? { kind: 'draft', filters: dashboard.filters ?? [], values, mine } : { kind: 'saved', dashboard: dashboard.key, values, mine }}
                      onSettings={() => setEditingWidget(widget.id)}
                      onRemove={() => update({ widgets: dashboard.widgets.filter((candidate) => candidate.id !== widget.id) })}
                    />
                  </div>
                ))}
              </ReactGridLayout>
            )}
          </>
        )}
      </MeasuredGrid>
      <Drawer open={Boolean(current)} size="large" width={1100} title={t('dashboards.settings.title')} onClose={() => setEditingWidget(null)} destroyOnHidden>
        {current && <WidgetSettings widget={current} entities={entities} filters={dashboard.filters ?? []} values={values} onChange={(next) => updateWidget(current.id, next)} />}
      </Drawer>
    </Space>
  );
}
