'use client';

import { Form, Select, Space } from 'antd';
import { canBeFilled, fillMismatch } from '@/lib/fields/fill-from';
import { useEntity } from '../use-entity';
import { useI18n } from '../i18n-provider';
import type { SettingProps } from './designer-types';

/**
 * Linked fill (数据联动): the relation of the same form (or sub-table row) whose picked record
 * fills this field, and the field of that record it takes. Only source fields whose values this
 * field can hold as they are are offered (the definition check says the same).
 */
export function FillFromSetting({ field, onChange, ctx }: SettingProps) {
  const { t, text } = useI18n();
  const relations = ctx.siblings.filter((candidate) => candidate.type === 'relation' && !candidate.relation?.many && candidate.key !== field.key && candidate.relation?.entity);
  const relation = relations.find((candidate) => candidate.key === field.fillFrom?.relation);
  const { data: related } = useEntity(relation?.relation?.entity ?? null);
  if (!canBeFilled(field) || relations.length === 0) return null;
  const sources = (related?.fields ?? []).filter((candidate) => fillMismatch(field, candidate) === null);
  return (
    <Form.Item label={t('designer.fillFrom.label')} extra={t('designer.fillFrom.help')}>
      <Space.Compact style={{ width: '100%' }}>
        <Select
          allowClear
          style={{ width: '50%' }}
          value={field.fillFrom?.relation}
          placeholder={t('designer.fillFrom.relation')}
          data-testid="designer-setting-fill-relation"
          options={relations.map((candidate) => ({ value: candidate.key, label: text(candidate.label) || candidate.key }))}
          onChange={(key?: string) => onChange({ fillFrom: key ? { relation: key, field: '' } : undefined })}
        />
        <Select
          showSearch
          optionFilterProp="label"
          style={{ width: '50%' }}
          disabled={!relation}
          value={field.fillFrom?.field || undefined}
          status={relation && !field.fillFrom?.field ? 'error' : undefined}
          placeholder={t('designer.fillFrom.field')}
          data-testid="designer-setting-fill-field"
          options={sources.map((candidate) => ({ value: candidate.key, label: `${text(candidate.label) || candidate.key} (${candidate.key})` }))}
          onChange={(key: string) => relation && onChange({ fillFrom: { relation: relation.key, field: key } })}
        />
      </Space.Compact>
    </Form.Item>
  );
}
