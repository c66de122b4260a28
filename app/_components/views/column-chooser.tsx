'use client';

import { Button, Checkbox, Popover, Space } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, TableOutlined } from '@ant-design/icons';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { useI18n } from '../i18n-provider';
import { useFieldLabel } from '../field-value';
import { listableColumns } from './field-columns';

/** Which columns the list shows and in what order; at least one stays. */
export function ColumnChooser({ def, columns, onChange }: { def: EntityDefinition; columns: string[]; onChange: (columns: string[]) => void }) {
  const { t } = useI18n();
  const label = useFieldLabel(def);
  const rest = listableColumns(def).filter((key) => !columns.includes(key));

  function move(index: number, by: number) {
    const next = [...columns];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    onChange(next);
  }

  const content = (
    <Space orientation="vertical" size={2} style={{ maxHeight: 360, overflowY: 'auto' }} data-testid="column-chooser">
      {columns.map((key, index) => (
        <Space key={key} size={4}>
          <Checkbox checked disabled={columns.length === 1} onChange={() => onChange(columns.filter((other) => other !== key))}>
            {label(key)}
          </Checkbox>
          <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, -1)} aria-label={t('views.columns.up')} />
          <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === columns.length - 1} onClick={() => move(index, 1)} aria-label={t('views.columns.down')} />
        </Space>
      ))}
      {rest.map((key) => (
        <Checkbox key={key} checked={false} onChange={() => onChange([...columns, key])}>
          {label(key)}
        </Checkbox>
      ))}
    </Space>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight" title={t('views.columns.title')}>
      <Button icon={<TableOutlined />} data-testid="columns-edit">
        {t('views.columns.title')}
      </Button>
    </Popover>
  );
}
