'use client';

import { useEffect, useState } from 'react';
import useSWR from 'swr';
import { Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { RollupSettings } from '@/lib/fields/field.types';
import { useI18n } from '../i18n-provider';
import type { SettingProps } from './designer-types';

const FNS: RollupSettings['fn'][] = ['sum', 'count', 'min', 'max'];
const NUMERIC = new Set(['number', 'money', 'percent', 'formula', 'rollup']);
const DEFAULTS: RollupSettings = { entity: '', match: {}, fn: 'sum', precision: 2 };

/** Source entity, calculation, source number field, match pairs and an optional where filter (JSON). */
export function RollupSetting({ field, onChange, ctx }: SettingProps) {
  const { t, text } = useI18n();
  const settings: RollupSettings = { ...DEFAULTS, ...field.rollup };
  const set = (part: Partial<RollupSettings>) => onChange({ rollup: { ...settings, ...part } });
  const { data: source } = useSWR<EntityDefinition>(settings.entity ? `/api/entities/${encodeURIComponent(settings.entity)}` : null);
  const sourceFields = [{ value: 'ownerId', label: 'ownerId' }, { value: 'id', label: 'id' }, ...(source?.fields ?? []).map((f) => ({ value: f.key, label: `${text(f.label)} (${f.key})` }))];
  const ownFields = [{ value: 'id', label: 'id' }, { value: 'ownerId', label: 'ownerId' }, ...ctx.siblings.filter((f) => f.key !== field.key).map((f) => ({ value: f.key, label: `${text(f.label)} (${f.key})` }))];
  const pairs = Object.entries(settings.match);
  const [where, setWhere] = useState(settings.where ? JSON.stringify(settings.where) : '');
  const [whereError, setWhereError] = useState(false);
  useEffect(() => setWhere(settings.where ? JSON.stringify(settings.where) : ''), [field.key]); // eslint-disable-line react-hooks/exhaustive-deps

  const setPair = (index: number, sourceKey: string, targetKey: string) => {
    const next = pairs.map((pair, i) => (i === index ? [sourceKey, targetKey] : pair));
    set({ match: Object.fromEntries(next) });
  };

  return (
    <>
      <Form.Item label={t('designer.setting.rollupEntity')} extra={t('designer.setting.rollupEntityHelp')} validateStatus={settings.entity ? undefined : 'error'}>
        <Select
          showSearch
          optionFilterProp="label"
          value={settings.entity || undefined}
          data-testid="designer-setting-rollup-entity"
          options={ctx.entities.map((entity) => ({ value: entity.key, label: `${text(entity.label)} (${entity.key})` }))}
          onChange={(entity: string) => set({ entity, match: {}, field: undefined })}
        />
      </Form.Item>
      <Form.Item label={t('designer.setting.rollupFn')}>
        <Select
          value={settings.fn}
          data-testid="designer-setting-rollup-fn"
          options={FNS.map((fn) => ({ value: fn, label: t(`designer.setting.rollupFn.${fn}`) }))}
          onChange={(fn: RollupSettings['fn']) => set({ fn })}
        />
      </Form.Item>
      {settings.fn !== 'count' && (
        <Form.Item label={t('designer.setting.rollupField')} validateStatus={settings.field ? undefined : 'error'}>
          <Select
            value={settings.field}
            data-testid="designer-setting-rollup-field"
            options={(source?.fields ?? []).filter((f) => NUMERIC.has(f.type)).map((f) => ({ value: f.key, label: `${text(f.label)} (${f.key})` }))}
            onChange={(value: string) => set({ field: value })}
          />
        </Form.Item>
      )}
      <Form.Item label={t('designer.setting.rollupMatch')} extra={t('designer.setting.rollupMatchHelp')} validateStatus={pairs.length > 0 ? undefined : 'error'}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {pairs.map(([sourceKey, targetKey], index) => (
            <Space key={index} style={{ width: '100%' }}>
              <Select style={{ minWidth: 120 }} placeholder={t('designer.setting.rollupSourceField')} value={sourceKey || undefined} options={sourceFields} onChange={(value: string) => setPair(index, value, targetKey)} />
              =
              <Select style={{ minWidth: 120 }} placeholder={t('designer.setting.rollupTargetField')} value={targetKey || undefined} options={ownFields} onChange={(value: string) => setPair(index, sourceKey, value)} />
              <Button icon={<DeleteOutlined />} onClick={() => set({ match: Object.fromEntries(pairs.filter((_, i) => i !== index)) })} />
            </Space>
          ))}
          <Button icon={<PlusOutlined />} size="small" data-testid="designer-setting-rollup-add-match" onClick={() => set({ match: { ...settings.match, '': '' } })}>
            {t('designer.setting.rollupAddMatch')}
          </Button>
        </Space>
      </Form.Item>
      <Form.Item label={t('designer.setting.rollupWhere')} extra={t('designer.setting.rollupWhereHelp')} validateStatus={whereError ? 'error' : undefined}>
        <Input
          value={where}
          placeholder='{"status": ["done"]}'
          data-testid="designer-setting-rollup-where"
          onChange={(event) => {
            setWhere(event.target.value);
            try {
              const parsed = event.target.value.trim() ? JSON.parse(event.target.value) : undefined;
              if (parsed !== undefined && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) throw new Error('not an object');
              setWhereError(false);
              set({ where: parsed });
            } catch {
              setWhereError(true);
            }
          }}
        />
      </Form.Item>
      <Form.Item label={t('designer.setting.precision')}>
        <InputNumber min={0} max={6} precision={0} style={{ width: '100%' }} value={settings.precision ?? 2} onChange={(precision) => set({ precision: precision ?? 2 })} />
      </Form.Item>
    </>
  );
}
