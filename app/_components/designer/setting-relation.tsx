'use client';

import { Form, Select, Switch } from 'antd';
import { MAX_PICKER_COLUMNS } from '@/lib/fields/types/relation';
import { useEntity } from '../use-entity';
import { useI18n } from '../i18n-provider';
import type { SettingProps } from './designer-types';

/** Target entity (any published one, or this entity itself) and whether several records may be linked. */
export function RelationSetting({ field, onChange, ctx }: SettingProps) {
  const { t, text } = useI18n();
  const relation = field.relation ?? { entity: '' };
  const { data: target } = useEntity(relation.entity || null);
  // A sub-table or files do not read as a short text beside a record's name.
  const columnChoices = (target?.fields ?? []).filter((candidate) => candidate.type !== 'subtable' && candidate.type !== 'attachment');
  const targets = ctx.entities.some((entity) => entity.key === ctx.entityKey) || !ctx.entityKey
    ? ctx.entities
    : [...ctx.entities, { key: ctx.entityKey, label: { 'zh-CN': '（本实体）', en: '(this entity)' } }];
  return (
    <>
      <Form.Item label={t('designer.setting.relationEntity')} validateStatus={relation.entity ? undefined : 'error'}>
        <Select
          showSearch
          optionFilterProp="label"
          value={relation.entity || undefined}
          placeholder={t('designer.setting.relationEntityPlaceholder')}
          data-testid="designer-setting-relation-entity"
          options={targets.map((entity) => ({ value: entity.key, label: `${text(entity.label)} (${entity.key})` }))}
          onChange={(entity: string) => onChange({ relation: { entity, ...(relation.many ? { many: true } : {}) } })}
        />
      </Form.Item>
      <Form.Item label={t('designer.setting.relationMany')}>
        <Switch
          checked={Boolean(relation.many)}
          data-testid="designer-setting-relation-many"
          onChange={(many) => onChange({ relation: { ...relation, many: many || undefined } })}
        />
      </Form.Item>
      <Form.Item label={t('designer.setting.relationColumns')} extra={t('designer.setting.relationColumnsHelp', { max: MAX_PICKER_COLUMNS })}>
        <Select
          mode="multiple"
          allowClear
          optionFilterProp="label"
          disabled={!relation.entity}
          maxCount={MAX_PICKER_COLUMNS}
          value={relation.columns ?? []}
          data-testid="designer-setting-relation-columns"
          options={columnChoices.map((candidate) => ({ value: candidate.key, label: `${text(candidate.label) || candidate.key} (${candidate.key})` }))}
          onChange={(columns: string[]) => onChange({ relation: { ...relation, columns: columns.length > 0 ? columns : undefined } })}
        />
      </Form.Item>
    </>
  );
}
