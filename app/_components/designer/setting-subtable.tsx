'use client';

import { useRef, useState } from 'react';
import { Button, Collapse, Empty, Form, Select, Space, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import type { FieldDefinition, FieldTypeKey } from '@/lib/fields/field.types';
import { fieldType } from '@/lib/fields/registry';
import { SUBTABLE_COLUMN_TYPES } from '@/lib/fields/types/subtable';
import { useI18n } from '../i18n-provider';
import type { SettingProps, SettingsContext } from './designer-types';
import { newField } from './field-factory';

/** A sub-table's columns: a small designer of its own, limited to the column types the engine allows. */
export function SubtableSetting({ field, onChange, ctx }: SettingProps) {
  const { t, text } = useI18n();
  const [open, setOpen] = useState<string | undefined>();
  const columns = field.fields ?? [];
  // Each column's panel is keyed by an id that survives renaming it (see field-selection.ts):
  // the click that ends a key's edit must land in the same panel, not in one being replaced.
  const panelIds = useRef(new Map<string, string>());
  const panelCount = useRef(0);
  const panelOf = (key: string) => {
    if (!panelIds.current.has(key)) panelIds.current.set(key, `column-${(panelCount.current += 1)}`);
    return panelIds.current.get(key)!;
  };
  const keyOfPanel = (panel: string | undefined) => [...panelIds.current].find(([, id]) => id === panel)?.[0];
  const publishedColumns = ctx.published?.fields ?? [];
  const set = (next: FieldDefinition[]) => onChange({ fields: next });
  const patch = (key: string, part: Partial<FieldDefinition>) => set(columns.map((column) => (column.key === key ? { ...column, ...part } : column)));
  const move = (index: number, delta: number) => {
    const next = [...columns];
    [next[index], next[index + delta]] = [next[index + delta], next[index]];
    set(next);
  };
  const add = (type: FieldTypeKey) => {
    const column = newField(type, columns.map((c) => c.key));
    set([...columns, column]);
    setOpen(column.key);
  };
  const scope: SettingsContext = {
    siblings: columns,
    lockedKeys: new Set(publishedColumns.map((column) => column.key)),
    entities: ctx.entities,
    entityKey: ctx.entityKey,
    ColumnSettings: ctx.ColumnSettings,
  };
  const stop = (event: React.MouseEvent) => event.stopPropagation();
  const ColumnSettings = ctx.ColumnSettings;

  return (
    <Form.Item label={t('designer.setting.fields')}>
      <div data-testid="designer-setting-fields">
        {columns.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('designer.column.none')} />}
        <Collapse
          accordion
          size="small"
          activeKey={open === undefined ? undefined : panelOf(open)}
          onChange={(keys) => setOpen(keyOfPanel(Array.isArray(keys) ? keys[0] : keys))}
          items={columns.map((column, index) => ({
            key: panelOf(column.key),
            label: (
              <span data-testid={`designer-column-${column.key}`}>
                {text(column.label) || column.key} <Typography.Text type="secondary" code>{column.key}</Typography.Text>
              </span>
            ),
            extra: (
              <Space size={0} onClick={stop}>
                <Tag>{text(fieldType(column.type).label)}</Tag>
                <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} aria-label={t('designer.moveUp')} onClick={() => move(index, -1)} />
                <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === columns.length - 1} aria-label={t('designer.moveDown')} onClick={() => move(index, 1)} />
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                  data-testid={`designer-column-${column.key}-remove`}
                  onClick={() => set(columns.filter((c) => c.key !== column.key).map((c) => (c.fillFrom?.relation === column.key ? { ...c, fillFrom: undefined } : c)))}
                />
              </Space>
            ),
            children: (
              <div data-testid={`designer-column-${column.key}-settings`}>
                {ColumnSettings && (
                  <ColumnSettings
                    field={column}
                    onChange={(part) => patch(column.key, part)}
                    onRename={(key) => {
                      const panel = panelOf(column.key);
                      panelIds.current.delete(column.key);
                      panelIds.current.set(key, panel);
                      // Columns filled from this one follow its new key.
                      set(columns.map((c) => (c.key === column.key ? { ...c, key } : c.fillFrom?.relation === column.key ? { ...c, fillFrom: { ...c.fillFrom, relation: key } } : c)));
                      setOpen(key);
                    }}
                    ctx={{ ...scope, published: publishedColumns.find((c) => c.key === column.key) }}
                  />
                )}
              </div>
            ),
          }))}
        />
        <Select<FieldTypeKey>
          value={null}
          showSearch
          optionFilterProp="label"
          placeholder={t('designer.column.add')}
          style={{ width: '100%', marginTop: 8 }}
          data-testid="designer-setting-fields-add"
          options={SUBTABLE_COLUMN_TYPES.map((type) => ({ value: type, label: text(fieldType(type).label) }))}
          onChange={add}
        />
      </div>
    </Form.Item>
  );
}
