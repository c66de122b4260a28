'use client';

import { Badge, Button, Popover, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined, SortAscendingOutlined } from '@ant-design/icons';
import type { EntityDefinition, SortSpec } from '@/lib/entities/entity.types';
import { useI18n } from '../i18n-provider';
import { useFieldLabel } from '../field-value';
import { isSortable, listableColumns } from './field-columns';

/** Sort keys in priority order; the same list header clicks edit (shift-click adds a key). */
export function SortEditor({ def, sort, onChange }: { def: EntityDefinition; sort: SortSpec[]; onChange: (sort: SortSpec[]) => void }) {
  const { t } = useI18n();
  const label = useFieldLabel(def);
  const candidates = listableColumns(def).filter((key) => isSortable(def, key));
  const unused = candidates.filter((key) => !sort.some((spec) => spec.field === key));
  const replace = (index: number, next: SortSpec) => onChange(sort.map((spec, at) => (at === index ? next : spec)));

  const content = (
    <Space orientation="vertical" data-testid="sort-editor">
      {sort.map((spec, index) => (
        <Space key={spec.field}>
          <Select
            value={spec.field}
            options={[spec.field, ...unused].map((key) => ({ value: key, label: label(key) }))}
            onChange={(field) => replace(index, { ...spec, field })}
            style={{ width: 180 }}
          />
          <Select
            value={spec.direction}
            options={[
              { value: 'asc', label: t('views.sort.asc') },
              { value: 'desc', label: t('views.sort.desc') },
            ]}
            onChange={(direction) => replace(index, { ...spec, direction })}
            style={{ width: 110 }}
          />
          <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => onChange(sort.filter((_, at) => at !== index))} />
        </Space>
      ))}
      <Button size="small" icon={<PlusOutlined />} disabled={unused.length === 0} onClick={() => onChange([...sort, { field: unused[0], direction: 'asc' }])}>
        {t('views.sort.add')}
      </Button>
    </Space>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomLeft" title={t('views.sort.title')}>
      <Badge count={sort.length} size="small">
        <Button icon={<SortAscendingOutlined />} data-testid="sort-edit">
          {t('views.sort.title')}
        </Button>
      </Badge>
    </Popover>
  );
}

/** A header click: alone it sorts by that column (asc, desc, off); with shift it adds or toggles one key. */
export function toggleSort(sort: SortSpec[], field: string, additive: boolean): SortSpec[] {
  const current = sort.find((spec) => spec.field === field);
  const next: SortSpec | null = !current ? { field, direction: 'asc' } : current.direction === 'asc' ? { field, direction: 'desc' } : null;
  if (!additive) return next ? [next] : [];
  if (!current) return [...sort, next as SortSpec];
  return next ? sort.map((spec) => (spec.field === field ? next : spec)) : sort.filter((spec) => spec.field !== field);
}
