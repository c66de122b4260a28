'use client';

import { Card, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { ENTITY_KEY_PATTERN, type EntityDefinition, type SortSpec } from '@/lib/entities/entity.types';
import { fieldType } from '@/lib/fields/registry';
import { ENTITY_ICONS } from '@/lib/entities/entity-icons';
import { EntityIcon } from '../entity-icon';
import { useI18n } from '../i18n-provider';
import { LocalizedInput } from './localized-input';

/** Entity-wide settings: key (new entities only), name, display field, list view, kanban. */
export function EntitySettings({ def, isNew, onChange }: { def: EntityDefinition; isNew: boolean; onChange: (def: EntityDefinition) => void }) {
  const { t, text } = useI18n();
  const option = (key: string) => {
    const field = def.fields.find((candidate) => candidate.key === key);
    return { value: key, label: field ? `${text(field.label) || key} (${key})` : key };
  };
  const sortable = def.fields.filter((field) => fieldType(field.type).sortable);
  const sort: SortSpec = def.listView.sort[0] ?? { field: 'createdAt', direction: 'desc' };
  const setSort = (part: Partial<SortSpec>) => onChange({ ...def, listView: { ...def.listView, sort: [{ ...sort, ...part }, ...def.listView.sort.slice(1)] } });
  const keyError = def.key && !ENTITY_KEY_PATTERN.test(def.key) ? t('designer.entity.keyInvalid') : null;

  return (
    <Card size="small" style={{ maxWidth: 720 }}>
      <Form layout="vertical" component="div">
        <Form.Item
          label={t('designer.entity.key')}
          required
          validateStatus={keyError ? 'error' : undefined}
          help={keyError ?? (isNew ? t('designer.entity.keyHelp') : t('designer.entity.keyLocked'))}
        >
          <Input
            value={def.key}
            disabled={!isNew}
            placeholder="customer"
            style={{ fontFamily: 'monospace' }}
            data-testid="designer-entity-key"
            onChange={(event) => onChange({ ...def, key: event.target.value.trim() })}
          />
        </Form.Item>
        <Form.Item label={t('designer.entity.label')} required>
          <LocalizedInput value={def.label} testid="designer-entity-label" placeholder={{ 'zh-CN': '客户', en: 'Customer' }} onChange={(label) => onChange({ ...def, label })} />
        </Form.Item>
        <Form.Item label={t('designer.entity.icon')} extra={t('designer.entity.iconHelp')}>
          <Select
            allowClear
            showSearch
            style={{ maxWidth: 240 }}
            value={def.icon}
            data-testid="designer-entity-icon"
            placeholder={<EntityIcon />}
            options={ENTITY_ICONS.map((name) => ({ value: name, label: <Space><EntityIcon name={name} />{name}</Space> }))}
            onChange={(icon: string | undefined) => {
              const { icon: _old, ...rest } = def;
              onChange(icon ? { ...rest, icon } : rest);
            }}
          />
        </Form.Item>
        <Form.Item label={t('designer.entity.displayField')} extra={t('designer.entity.displayFieldHelp')} required>
          <Select
            value={def.displayField || undefined}
            data-testid="designer-entity-display-field"
            options={sortable.map((field) => option(field.key))}
            onChange={(displayField: string) => onChange({ ...def, displayField })}
          />
        </Form.Item>
        <Form.Item label={t('designer.entity.listColumns')} extra={t('designer.entity.listColumnsHelp')}>
          <Select
            mode="multiple"
            value={def.listView.columns}
            data-testid="designer-entity-list-columns"
            options={def.fields.map((field) => option(field.key))}
            onChange={(columns: string[]) => onChange({ ...def, listView: { ...def.listView, columns } })}
          />
        </Form.Item>
        <Form.Item label={t('designer.entity.sort')}>
          <Space wrap>
            <Select
              style={{ minWidth: 240 }}
              value={sort.field}
              data-testid="designer-entity-sort-field"
              options={[
                ...sortable.map((field) => option(field.key)),
                { value: 'createdAt', label: t('record.createdAt') },
                { value: 'updatedAt', label: t('record.updatedAt') },
              ]}
              onChange={(field: string) => setSort({ field })}
            />
            <Radio.Group
              value={sort.direction}
              data-testid="designer-entity-sort-direction"
              optionType="button"
              options={[
                { value: 'asc', label: t('designer.entity.sortAsc') },
                { value: 'desc', label: t('designer.entity.sortDesc') },
              ]}
              onChange={(event) => setSort({ direction: event.target.value })}
            />
          </Space>
        </Form.Item>
        <Form.Item label={t('designer.entity.pageSize')}>
          <InputNumber
            min={5}
            max={200}
            precision={0}
            value={def.listView.pageSize}
            data-testid="designer-entity-page-size"
            onChange={(pageSize) => onChange({ ...def, listView: { ...def.listView, pageSize: pageSize ?? 20 } })}
          />
        </Form.Item>
        <Form.Item label={t('designer.entity.kanbanField')} extra={t('designer.entity.kanbanFieldHelp')}>
          <Select
            allowClear
            value={def.kanbanField}
            placeholder={t('designer.entity.noKanban')}
            data-testid="designer-entity-kanban-field"
            options={def.fields.filter((field) => field.type === 'select').map((field) => option(field.key))}
            onChange={(kanbanField?: string) => onChange({ ...def, kanbanField })}
          />
        </Form.Item>
      </Form>
    </Card>
  );
}
