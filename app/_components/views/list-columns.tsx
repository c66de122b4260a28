'use client';

import Link from 'next/link';
import { Space } from 'antd';
import type { TableColumnsType } from 'antd';
import { CaretDownOutlined, CaretUpOutlined } from '@ant-design/icons';
import type { EntityDefinition, SortSpec } from '@/lib/entities/entity.types';
import type { RecordView } from '@/lib/records/record.types';
import { FieldValue, useFieldLabel } from '../field-value';
import { fieldOf, isNumericField, isSortable } from './field-columns';

// These render links or tables of their own, so the row link cannot wrap them.
const NOT_LINKABLE = new Set(['relation', 'attachment', 'url', 'email', 'phone', 'subtable']);

function SortMark({ spec, rank }: { spec?: SortSpec; rank: number }) {
  if (!spec) return null;
  return (
    <span style={{ color: '#1d6fdc', fontSize: 12 }}>
      {spec.direction === 'asc' ? <CaretUpOutlined /> : <CaretDownOutlined />}
      {rank > 0 && <sup>{rank}</sup>}
    </span>
  );
}

/**
 * Table columns for a list. Sorting is ours rather than antd's so that a shift-click can add
 * a second key (antd's multiple sorter has no modifier key).
 */
export function useListColumns(
  def: EntityDefinition | undefined,
  columns: string[],
  sort: SortSpec[],
  onSortClick: ((field: string, additive: boolean) => void) | undefined,
  linkRows = true,
): TableColumnsType<RecordView> {
  const label = useFieldLabel(def);
  if (!def) return [];
  const firstLinkable = linkRows && columns.length > 0 && !NOT_LINKABLE.has(fieldOf(def, columns[0])?.type ?? '');
  const href = (record: RecordView) => `/records/${def.key}/${record.id}`;

  const result: TableColumnsType<RecordView> = columns.map((key, index) => {
    const sortable = onSortClick !== undefined && isSortable(def, key);
    const at = sort.findIndex((spec) => spec.field === key);
    return {
      key,
      title: (
        <Space size={4} style={{ cursor: sortable ? 'pointer' : undefined, userSelect: 'none' }} data-testid={`column-${key}`}>
          {label(key)}
          <SortMark spec={sort[at]} rank={sort.length > 1 ? at + 1 : 0} />
        </Space>
      ),
      align: isNumericField(fieldOf(def, key)) ? 'right' : undefined,
      onHeaderCell: () => (sortable ? { onClick: (event: React.MouseEvent) => onSortClick?.(key, event.shiftKey) } : {}),
      render: (_: unknown, record: RecordView) => {
        const value = <FieldValue def={def} field={key} record={record} />;
        return index === 0 && firstLinkable ? <Link prefetch={false} href={href(record)}>{value}</Link> : value;
      },
    };
  });
  if (linkRows && !firstLinkable) {
    result.unshift({ key: '_display', title: '', render: (_: unknown, record: RecordView) => <Link prefetch={false} href={href(record)}>{record.display || record.id}</Link> });
  }
  return result;
}
