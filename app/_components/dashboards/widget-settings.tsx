'use client';

import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Divider, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { AggregateQuery, DashboardFilterDefinition, DashboardFilterValues, DimensionSpec, MeasureSpec, WidgetDefinition, WidgetKind, WidgetOptions } from '@/lib/dashboards/dashboard.types';
import { MEASURE_FNS, WIDGET_KINDS } from '@/lib/dashboards/dashboard.types';
import { BUCKETS, DATE_PRESETS } from '@/lib/dashboards/time-buckets';
import { WIDGET_KIND_SPECS } from '@/lib/dashboards/widget-kinds';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FilterGroup } from '@/lib/fields/field.types';
import { aggregationsFor, groupKindOf } from '@/lib/fields/registry';
import { useI18n } from '../i18n-provider';
import { FilterBuilder } from '../views/filter-builder';
import { WidgetCard } from './widget-card';

const NO_FILTER: FilterGroup = { match: 'all', conditions: [] };
const OWNER = { key: 'ownerId', label: { 'zh-CN': '负责人', en: 'Owner' } };

/** A sensible first query for a kind on an entity: a count, grouped by its first option field (or by month) when the kind groups. */
export function starterQuery(kind: WidgetKind, def: EntityDefinition): AggregateQuery {
  const spec = WIDGET_KIND_SPECS[kind];
  const date = def.fields.find((field) => groupKindOf(field) === 'day' || groupKindOf(field) === 'moment');
  const option = def.fields.find((field) => groupKindOf(field) === 'option');
  const dimensions: DimensionSpec[] = [];
  if (spec.dimensions[0] >= 1) dimensions.push((kind === 'line' || kind === 'area') && date ? { field: date.key, bucket: 'month' } : option ? { field: option.key } : { field: 'ownerId' });
  if (spec.dimensions[0] >= 2) dimensions.push(date && dimensions[0].field !== date.key ? { field: date.key, bucket: 'month' } : { field: 'ownerId' });
  return { entity: def.key, measures: [{ fn: 'count' }], ...(dimensions.length > 0 ? { dimensions } : {}) };
}

function MeasureEditor({ def, measure, onChange, allowRatio, testId }: { def: EntityDefinition; measure: MeasureSpec; onChange: (next: MeasureSpec) => void; allowRatio: boolean; testId: string }) {
  const { t, text } = useI18n();
  const fields = def.fields.filter((field) => measure.fn !== 'count' && measure.fn !== 'ratio' && aggregationsFor(field).includes(measure.fn as never));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={4}>
      <Space wrap>
        <Select
          style={{ width: 170 }}
          value={measure.fn}
          data-testid={`${testId}-fn`}
          options={MEASURE_FNS.filter((fn) => allowRatio || fn !== 'ratio').map((fn) => ({ value: fn, label: t(`dashboards.fn.${fn}`) }))}
          onChange={(fn) => onChange(fn === 'ratio' ? { fn, of: { fn: 'count' }, per: { fn: 'count' } } : fn === 'count' ? { fn } : { fn, field: def.fields.find((field) => aggregationsFor(field).includes(fn as never))?.key })}
        />
        {measure.fn !== 'count' && measure.fn !== 'ratio' && (
          <Select
            style={{ width: 190 }}
            value={measure.field}
            placeholder={t('dashboards.settings.field')}
            data-testid={`${testId}-field`}
            options={fields.map((field) => ({ value: field.key, label: text(field.label) }))}
            onChange={(field) => onChange({ ...measure, field })}
          />
        )}
      </Space>
      {measure.fn === 'ratio' ? (
        <Card size="small">
          <Typography.Text type="secondary">{t('dashboards.settings.of')}</Typography.Text>
          <MeasureEditor def={def} measure={measure.of ?? { fn: 'count' }} onChange={(of) => onChange({ ...measure, of })} allowRatio={false} testId={`${testId}-of`} />
          <Typography.Text type="secondary">{t('dashboards.settings.per')}</Typography.Text>
          <MeasureEditor def={def} measure={measure.per ?? { fn: 'count' }} onChange={(per) => onChange({ ...measure, per })} allowRatio={false} testId={`${testId}-per`} />
        </Card>
      ) : (
        <details>
          <summary style={{ cursor: 'pointer' }}>
            <Typography.Text type="secondary">
              {t('dashboards.settings.measureFilter')} ({measure.filter?.conditions.length ?? 0})
            </Typography.Text>
          </summary>
          <FilterBuilder def={def} value={measure.filter ?? NO_FILTER} onApply={(filter) => onChange({ ...measure, filter: filter.conditions.length > 0 ? filter : undefined })} />
        </details>
      )}
    </Space>
  );
}

function QueryEditor({ kind, def, entities, query, onChange, dated }: { kind: WidgetKind; def: EntityDefinition; entities: EntityDefinition[]; query: AggregateQuery & { dateField?: string }; onChange: (next: AggregateQuery & { dateField?: string }) => void; dated?: boolean }) {
  const { t, text } = useI18n();
  const spec = WIDGET_KIND_SPECS[kind];
  const dimensionFields = [OWNER, ...def.fields.filter((field) => groupKindOf(field))];
  const dateFields = def.fields.filter((field) => groupKindOf(field) === 'day' || groupKindOf(field) === 'moment');
  const dimensions = query.dimensions ?? [];
  const isDate = (key: string) => dateFields.some((field) => field.key === key);
  const setDimension = (index: number, next: DimensionSpec) => onChange({ ...query, dimensions: dimensions.map((old, at) => (at === index ? next : old)) });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form.Item label={t('dashboards.settings.entity')} style={{ marginBottom: 8 }}>
        <Select
          value={query.entity}
          showSearch
          optionFilterProp="label"
          data-testid="widget-entity"
          options={entities.map((entity) => ({ value: entity.key, label: text(entity.label) }))}
          onChange={(entity) => {
            const next = entities.find((candidate) => candidate.key === entity)!;
            const starter = starterQuery(kind === 'forecast' ? 'kpi' : kind, next);
            onChange(dated ? { ...starter, dateField: next.fields.find((field) => isDateOf(next, field.key))?.key ?? '' } : starter);
          }}
        />
      </Form.Item>
      <Typography.Text strong>{t('dashboards.settings.measures')}</Typography.Text>
      {query.measures.map((measure, index) => (
        <Space key={index} align="start" style={{ width: '100%' }}>
          <MeasureEditor def={def} measure={measure} allowRatio={!dated} testId={`widget-measure-${index}`} onChange={(next) => onChange({ ...query, measures: query.measures.map((old, at) => (at === index ? next : old)) })} />
          {query.measures.length > Math.max(1, spec.measures[0]) && <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => onChange({ ...query, measures: query.measures.filter((_, at) => at !== index) })} />}
        </Space>
      ))}
      {!dated && query.measures.length < spec.measures[1] && (
        <Button size="small" icon={<PlusOutlined />} onClick={() => onChange({ ...query, measures: [...query.measures, { fn: 'count' }] })}>
          {t('dashboards.settings.addMeasure')}
        </Button>
      )}
      {dated ? (
        <Form.Item label={t('dashboards.settings.dateField')} style={{ marginBottom: 8 }}>
          <Select value={query.dateField} options={dateFields.map((field) => ({ value: field.key, label: text(field.label) }))} onChange={(dateField) => onChange({ ...query, dateField })} />
        </Form.Item>
      ) : (
        spec.dimensions[1] > 0 && (
          <>
            <Typography.Text strong>{t('dashboards.settings.dimensions')}</Typography.Text>
            {dimensions.map((dimension, index) => (
              <Space key={index} wrap>
                <Select
                  style={{ width: 170 }}
                  value={dimension.field}
                  data-testid={`widget-dimension-${index}`}
                  options={dimensionFields.map((field) => ({ value: field.key, label: text(field.label) }))}
                  onChange={(field) => setDimension(index, isDate(field) ? { field, bucket: 'month' } : { field })}
                />
                {isDate(dimension.field) ? (
                  <Select
                    style={{ width: 150 }}
                    value={dimension.bucket ?? 'month'}
                    data-testid={`widget-bucket-${index}`}
                    options={BUCKETS.map((bucket) => ({ value: bucket, label: t(`dashboards.bucket.${bucket}`) }))}
                    onChange={(bucket) => setDimension(index, { ...dimension, bucket })}
                  />
                ) : (
                  <>
                    <InputNumber min={1} max={50} placeholder={t('dashboards.settings.top')} value={dimension.top} onChange={(top) => setDimension(index, { ...dimension, top: top ?? undefined })} />
                    {dimension.top !== undefined && (
                      <Space size={4}>
                        <Switch size="small" checked={dimension.other !== false} onChange={(other) => setDimension(index, { ...dimension, other })} />
                        <Typography.Text>{t('dashboards.settings.other')}</Typography.Text>
                      </Space>
                    )}
                  </>
                )}
                {dimensions.length > spec.dimensions[0] && <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => onChange({ ...query, dimensions: dimensions.filter((_, at) => at !== index) })} />}
              </Space>
            ))}
            {dimensions.length < spec.dimensions[1] && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => onChange({ ...query, dimensions: [...dimensions, { field: 'ownerId' }] })}>
                {t('dashboards.settings.addDimension')}
              </Button>
            )}
          </>
        )
      )}
      <Typography.Text strong>{t('dashboards.settings.filter')}</Typography.Text>
      <FilterBuilder def={def} value={query.filter ?? NO_FILTER} onApply={(filter) => onChange({ ...query, filter: filter.conditions.length > 0 || filter.groups?.length ? filter : undefined })} />
      {!dated && dateFields.length > 0 && (
        <Space wrap>
          <Typography.Text>{t('dashboards.settings.period')}</Typography.Text>
          <Select
            style={{ width: 150 }}
            allowClear
            placeholder={t('dashboards.settings.periodField')}
            value={query.dateRange?.field}
            options={dateFields.map((field) => ({ value: field.key, label: text(field.label) }))}
            onChange={(field) => onChange({ ...query, dateRange: field ? { field, preset: query.dateRange?.preset ?? 'thisYear' } : undefined })}
          />
          {query.dateRange && (
            <Select
              style={{ width: 150 }}
              value={query.dateRange.preset}
              options={DATE_PRESETS.map((preset) => ({ value: preset, label: t(`dashboards.preset.${preset}`) }))}
              onChange={(preset) => onChange({ ...query, dateRange: { field: query.dateRange!.field, preset } })}
            />
          )}
        </Space>
      )}
      <Space wrap size="large">
        <Space size={4}>
          <Switch size="small" checked={Boolean(query.onlyMine)} onChange={(onlyMine) => onChange({ ...query, onlyMine: onlyMine || undefined })} />
          <Typography.Text>{t('dashboards.settings.onlyMine')}</Typography.Text>
        </Space>
        {!dated && dimensions.length > 0 && (
          <Space size={4}>
            <Typography.Text>{t('dashboards.settings.sort')}</Typography.Text>
            <Select
              size="small"
              style={{ width: 110 }}
              value={query.sort ?? 'value'}
              options={[
                { value: 'value', label: t('dashboards.settings.sort.value') },
                { value: 'label', label: t('dashboards.settings.sort.label') },
              ]}
              onChange={(sort) => onChange({ ...query, sort })}
            />
          </Space>
        )}
      </Space>
    </Space>
  );
}

function isDateOf(def: EntityDefinition, key: string): boolean {
  const field = def.fields.find((candidate) => candidate.key === key);
  const kind = field && groupKindOf(field);
  return kind === 'day' || kind === 'moment';
}

function OptionsEditor({ kind, options, onChange }: { kind: WidgetKind; options: WidgetOptions; onChange: (next: WidgetOptions) => void }) {
  const { t } = useI18n();
  const allowed = WIDGET_KIND_SPECS[kind].options;
  const toggle = (key: 'stacked' | 'horizontal' | 'donut' | 'compare' | 'totals', label: string) =>
    allowed.includes(key) && (
      <Space size={4} key={key}>
        <Switch size="small" checked={Boolean(options[key] ?? (key === 'totals'))} onChange={(value) => onChange({ ...options, [key]: value })} data-testid={`widget-option-${key}`} />
        <Typography.Text>{label}</Typography.Text>
      </Space>
    );
  const number = (key: 'target' | 'horizon' | 'history' | 'backtest', label: string, min?: number, max?: number) =>
    allowed.includes(key) && (
      <Space size={4} key={key}>
        <Typography.Text>{label}</Typography.Text>
        <InputNumber min={min} max={max} value={options[key]} onChange={(value) => onChange({ ...options, [key]: value ?? undefined })} data-testid={`widget-option-${key}`} />
      </Space>
    );
  return (
    <Space wrap size="large">
      {toggle('stacked', t('dashboards.settings.stacked'))}
      {toggle('horizontal', t('dashboards.settings.horizontal'))}
      {toggle('donut', t('dashboards.settings.donut'))}
      {toggle('compare', t('dashboards.settings.compare'))}
      {toggle('totals', t('dashboards.settings.totals'))}
      {number('target', t('dashboards.settings.target'))}
      {number('horizon', t('dashboards.settings.horizon'), 1, 12)}
      {number('history', t('dashboards.settings.history'), 6, 60)}
      {number('backtest', t('dashboards.settings.backtest'), 3, 12)}
    </Space>
  );
}

/** Everything about one widget, with its live preview beside: the same data the dashboard will show. */
export function WidgetSettings({ widget, entities, filters, values, onChange }: { widget: WidgetDefinition; entities: EntityDefinition[]; filters: DashboardFilterDefinition[]; values: DashboardFilterValues; onChange: (next: WidgetDefinition) => void }) {
  const { t } = useI18n();
  const [json, setJson] = useState(() => JSON.stringify(widget, null, 2));
  const [jsonError, setJsonError] = useState<string>();
  useEffect(() => setJson(JSON.stringify(widget, null, 2)), [widget]);
  const defOf = (key: string | undefined) => entities.find((entity) => entity.key === key);

  function setKind(kind: WidgetKind) {
    const size = WIDGET_KIND_SPECS[kind].size;
    const base = { ...widget, kind, layout: { ...widget.layout, w: Math.max(widget.layout.w, size.w), h: Math.max(widget.layout.h, size.h) }, options: {} };
    if (kind === 'forecast') {
      const { query: _query, ...rest } = base;
      const first = defOf(widget.query?.entity) ?? entities[0];
      const dateField = first?.fields.find((field) => isDateOf(first, field.key))?.key ?? '';
      onChange({ ...rest, forecast: { history: { entity: first?.key ?? '', measures: [{ fn: 'count' }], dateField } } });
      return;
    }
    const { forecast: _forecast, ...rest } = base;
    const def = defOf(widget.query?.entity ?? widget.forecast?.history.entity) ?? entities[0];
    const spec = WIDGET_KIND_SPECS[kind];
    const current = widget.query;
    const fits = current && (current.dimensions?.length ?? 0) >= spec.dimensions[0] && (current.dimensions?.length ?? 0) <= spec.dimensions[1] && current.measures.length <= spec.measures[1];
    onChange({ ...rest, query: fits ? current : def ? starterQuery(kind, def) : current });
  }

  const def = defOf(widget.query?.entity);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Input addonBefore="中文" value={widget.title['zh-CN']} onChange={(event) => onChange({ ...widget, title: { ...widget.title, 'zh-CN': event.target.value } })} data-testid="widget-title-zh" />
            <Input addonBefore="EN" value={widget.title.en} onChange={(event) => onChange({ ...widget, title: { ...widget.title, en: event.target.value } })} data-testid="widget-title-en" />
          </Space>
          <Form.Item label={t('dashboards.settings.kind')} style={{ marginBottom: 8 }}>
            <Select value={widget.kind} onChange={setKind} options={WIDGET_KINDS.map((kind) => ({ value: kind, label: t(`dashboards.kind.${kind}`) }))} data-testid="widget-kind" />
          </Form.Item>
          {widget.kind === 'forecast' && widget.forecast ? (
            <>
              <Divider plain>{t('dashboards.settings.historyQuery')}</Divider>
              {defOf(widget.forecast.history.entity) && (
                <QueryEditor kind="forecast" dated def={defOf(widget.forecast.history.entity)!} entities={entities} query={widget.forecast.history} onChange={(history) => onChange({ ...widget, forecast: { ...widget.forecast!, history: history as never } })} />
              )}
              <Divider plain>{t('dashboards.settings.pipelineQuery')}</Divider>
              {widget.forecast.pipeline && defOf(widget.forecast.pipeline.entity) ? (
                <QueryEditor kind="forecast" dated def={defOf(widget.forecast.pipeline.entity)!} entities={entities} query={widget.forecast.pipeline} onChange={(pipeline) => onChange({ ...widget, forecast: { ...widget.forecast!, pipeline: pipeline as never } })} />
              ) : (
                <Button size="small" icon={<PlusOutlined />} onClick={() => onChange({ ...widget, forecast: { ...widget.forecast!, pipeline: { ...widget.forecast!.history } } })}>
                  {t('dashboards.settings.pipelineQuery')}
                </Button>
              )}
            </>
          ) : (
            def && widget.query && <QueryEditor kind={widget.kind} def={def} entities={entities} query={widget.query} onChange={(query) => onChange({ ...widget, query })} />
          )}
          <OptionsEditor kind={widget.kind} options={widget.options ?? {}} onChange={(options) => onChange({ ...widget, options })} />
          <details>
            <summary style={{ cursor: 'pointer' }}>{t('dashboards.settings.json')}</summary>
            <Typography.Paragraph type="secondary">{t('dashboards.settings.jsonHelp')}</Typography.Paragraph>
            <Input.TextArea rows={12} value={json} onChange={(event) => setJson(event.target.value)} style={{ fontFamily: 'monospace', fontSize: 12 }} data-testid="widget-json" />
            {jsonError && <Alert type="error" title={jsonError} />}
            <Button
              size="small"
              onClick={() => {
                try {
                  onChange({ ...(JSON.parse(json) as WidgetDefinition), id: widget.id });
                  setJsonError(undefined);
                } catch (error) {
                  setJsonError((error as Error).message);
                }
              }}
            >
              {t('views.filter.apply')}
            </Button>
          </details>
        </Space>
      </Col>
      <Col xs={24} lg={12}>
        <Typography.Text strong>{t('dashboards.settings.preview')}</Typography.Text>
        <div style={{ height: 360, marginTop: 8 }} data-testid="widget-preview">
          <WidgetCard widget={widget} source={{ kind: 'draft', filters, values, mine: false }} />
        </div>
      </Col>
    </Row>
  );
}
