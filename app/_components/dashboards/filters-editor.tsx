'use client';

import { Button, Card, Input, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { DashboardDefinition, DashboardFilterDefinition, DashboardFilterKind } from '@/lib/dashboards/dashboard.types';
import { DASHBOARD_FILTER_KINDS } from '@/lib/dashboards/dashboard.types';
import { DATE_PRESETS } from '@/lib/dashboards/time-buckets';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { groupKindOf } from '@/lib/fields/registry';
import { translator } from '@/lib/i18n/messages';
import { useI18n } from '../i18n-provider';

const OWNER: FieldDefinition = { key: 'ownerId', type: 'user', label: { 'zh-CN': '负责人', en: 'Owner' } };

/** The fields of an entity a filter of this kind can apply to. */
function fitting(def: EntityDefinition, kind: DashboardFilterKind): FieldDefinition[] {
  const fields = kind === 'user' ? [OWNER, ...def.fields] : def.fields;
  return fields.filter((field) => {
    const group = field.key === 'ownerId' ? 'user' : groupKindOf(field);
    return kind === 'date' ? group === 'day' || group === 'moment' : kind === 'user' ? group === 'user' : group === 'option' || group === 'options';
  });
}

/** The entities a dashboard's widgets read. */
function widgetEntities(dashboard: DashboardDefinition): string[] {
  return [...new Set(dashboard.widgets.flatMap((widget) => [widget.query?.entity, widget.forecast?.history.entity, widget.forecast?.pipeline?.entity]).filter((key): key is string => Boolean(key)))];
}

/**
 * The filters every widget of the dashboard obeys: a date range (with its default preset), a
 * person, options. Each names its field per entity; the first fitting field is proposed.
 */
export function FiltersEditor({ dashboard, entities, onChange }: { dashboard: DashboardDefinition; entities: EntityDefinition[]; onChange: (filters: DashboardFilterDefinition[]) => void }) {
  const { t, text } = useI18n();
  const filters = dashboard.filters ?? [];
  const used = widgetEntities(dashboard).map((key) => entities.find((entity) => entity.key === key)).filter((entity): entity is EntityDefinition => Boolean(entity));
  const set = (index: number, next: DashboardFilterDefinition) => onChange(filters.map((old, at) => (at === index ? next : old)));

  function add(kind: DashboardFilterKind) {
    const label = { 'zh-CN': translator('zh-CN')(`dashboards.filter.kind.${kind}`), en: translator('en')(`dashboards.filter.kind.${kind}`) };
    const fields = Object.fromEntries(used.flatMap((entity) => (kind === 'select' && used.indexOf(entity) > 0 ? [] : fitting(entity, kind).slice(0, 1).map((field) => [entity.key, field.key]))));
    let id = kind === 'date' ? 'period' : kind;
    for (let n = 2; filters.some((filter) => filter.id === id); n++) id = `${kind}${n}`;
    onChange([...filters, { id, kind, label, fields, ...(kind === 'date' ? { defaultPreset: 'thisYear' as const } : {}) }]);
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="dashboard-filters-editor">
      {filters.map((filter, index) => (
        <Card key={filter.id} size="small" title={`${t(`dashboards.filter.kind.${filter.kind}`)} · ${filter.id}`} extra={<Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => onChange(filters.filter((_, at) => at !== index))} />}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Input addonBefore="中文" value={filter.label['zh-CN']} onChange={(event) => set(index, { ...filter, label: { ...filter.label, 'zh-CN': event.target.value } })} />
              <Input addonBefore="EN" value={filter.label.en} onChange={(event) => set(index, { ...filter, label: { ...filter.label, en: event.target.value } })} />
              {filter.kind === 'date' && (
                <Select
                  style={{ width: 160 }}
                  allowClear
                  value={filter.defaultPreset}
                  placeholder={t('dashboards.filter.all')}
                  options={DATE_PRESETS.map((preset) => ({ value: preset, label: t(`dashboards.preset.${preset}`) }))}
                  onChange={(defaultPreset) => set(index, { ...filter, defaultPreset: defaultPreset ?? undefined })}
                  data-testid={`filter-default-${filter.id}`}
                />
              )}
            </Space>
            <Typography.Text type="secondary">{t('dashboards.filter.targets')}</Typography.Text>
            {used.map((entity) => (
              <Space key={entity.key}>
                <Typography.Text style={{ width: 140, display: 'inline-block' }}>{text(entity.label)}</Typography.Text>
                <Select
                  style={{ width: 200 }}
                  allowClear
                  placeholder={t('dashboards.settings.none')}
                  value={filter.fields[entity.key]}
                  options={fitting(entity, filter.kind).map((field) => ({ value: field.key, label: text(field.label) }))}
                  onChange={(key) => {
                    const fields = { ...filter.fields };
                    if (key) fields[entity.key] = key;
                    else delete fields[entity.key];
                    set(index, { ...filter, fields });
                  }}
                />
              </Space>
            ))}
          </Space>
        </Card>
      ))}
      <Space wrap>
        {DASHBOARD_FILTER_KINDS.map((kind) => (
          <Button key={kind} size="small" icon={<PlusOutlined />} onClick={() => add(kind)} data-testid={`dashboard-add-filter-${kind}`}>
            {t(`dashboards.filter.kind.${kind}`)}
          </Button>
        ))}
      </Space>
    </Space>
  );
}
