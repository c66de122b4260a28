'use client';

import { useEffect, useState } from 'react';
import dayjs from 'dayjs';
import { DatePicker, Select, Space, Switch, Typography } from 'antd';
import type { DashboardFilterDefinition, DashboardFilterValues, DateFilterValue } from '@/lib/dashboards/dashboard.types';
import { DATE_PRESETS } from '@/lib/dashboards/time-buckets';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { api } from '@/lib/client/api-client';
import { useI18n } from '../i18n-provider';

interface UserSummary {
  id: string;
  name: string;
  email: string;
}

const ALL = '__all';
const CUSTOM = '__custom';

function DateFilter({ filter, value, onChange }: { filter: DashboardFilterDefinition; value: DashboardFilterValues[string]; onChange: (next: DateFilterValue | null) => void }) {
  const { t } = useI18n();
  const chosen = value === null ? undefined : ((value as DateFilterValue | undefined) ?? (filter.defaultPreset ? { preset: filter.defaultPreset } : undefined));
  const selected = !chosen ? ALL : 'preset' in chosen ? chosen.preset : CUSTOM;
  return (
    <Space size={4}>
      <Select
        style={{ width: 150 }}
        value={selected}
        data-testid={`dashboard-filter-${filter.id}`}
        onChange={(next) => {
          if (next === ALL) onChange(null);
          else if (next === CUSTOM) onChange({ from: dayjs().startOf('month').format('YYYY-MM-DD'), to: dayjs().endOf('month').format('YYYY-MM-DD') });
          else onChange({ preset: next as (typeof DATE_PRESETS)[number] });
        }}
        options={[
          { value: ALL, label: t('dashboards.filter.all') },
          ...DATE_PRESETS.map((preset) => ({ value: preset, label: t(`dashboards.preset.${preset}`) })),
          { value: CUSTOM, label: t('dashboards.filter.custom') },
        ]}
      />
      {chosen && 'from' in chosen && (
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(chosen.from), dayjs(chosen.to)]}
          onChange={(range) => range?.[0] && range[1] && onChange({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })}
          data-testid={`dashboard-filter-${filter.id}-range`}
        />
      )}
    </Space>
  );
}

function UserFilter({ filter, value, onChange }: { filter: DashboardFilterDefinition; value: string[]; onChange: (next: string[]) => void }) {
  const { t } = useI18n();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const search = (q: string) => api<UserSummary[]>(`/api/users/lookup?q=${encodeURIComponent(q)}`).then((users) => setOptions(users.map((user) => ({ value: user.id, label: user.name || user.email }))));
  useEffect(() => {
    void search('');
  }, []);
  return (
    <Select
      mode="multiple"
      allowClear
      style={{ minWidth: 180 }}
      placeholder={t('dashboards.filter.owner')}
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={(q) => void search(q)}
      options={[{ value: '$me', label: t('dashboards.filter.me') }, ...options]}
      data-testid={`dashboard-filter-${filter.id}`}
    />
  );
}

/** The dashboard's filter bar: its date ranges with presets, people and options, and "only my records". */
export function FilterBar({ filters, entities, values, mine, onChange }: {
  filters: DashboardFilterDefinition[];
  entities: EntityDefinition[];
  values: DashboardFilterValues;
  mine: boolean;
  onChange: (values: DashboardFilterValues, mine: boolean) => void;
}) {
  const { t, text } = useI18n();
  const set = (id: string, value: DashboardFilterValues[string]) => onChange({ ...values, [id]: value }, mine);
  return (
    <Space wrap size="middle" data-testid="dashboard-filters">
      {filters.map((filter) => {
        const value = values[filter.id];
        let control: React.ReactNode;
        if (filter.kind === 'date') control = <DateFilter filter={filter} value={value} onChange={(next) => set(filter.id, next)} />;
        else if (filter.kind === 'user') control = <UserFilter filter={filter} value={Array.isArray(value) ? value : []} onChange={(next) => set(filter.id, next)} />;
        else {
          const [entity, key] = Object.entries(filter.fields)[0] ?? [];
          const field = entities.find((candidate) => candidate.key === entity)?.fields.find((candidate) => candidate.key === key);
          control = (
            <Select
              mode="multiple"
              allowClear
              style={{ minWidth: 160 }}
              value={Array.isArray(value) ? value : []}
              onChange={(next) => set(filter.id, next)}
              options={(field?.options ?? []).map((option) => ({ value: option.value, label: text(option.label) }))}
              data-testid={`dashboard-filter-${filter.id}`}
            />
          );
        }
        return (
          <Space key={filter.id} size={4}>
            <Typography.Text type="secondary">{text(filter.label)}</Typography.Text>
            {control}
          </Space>
        );
      })}
      <Space size={4}>
        <Switch checked={mine} onChange={(next) => onChange(values, next)} data-testid="dashboard-only-mine" />
        <Typography.Text>{t('dashboards.filter.onlyMine')}</Typography.Text>
      </Space>
    </Space>
  );
}
