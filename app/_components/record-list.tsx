'use client';

import { useState } from 'react';
import Link from 'next/link';
import useSWR from 'swr';
import { Button, Card, Input, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { RecordView } from '@/lib/records/record.types';
import type { RecordPage } from '@/lib/records/record.service';
import { FieldValue, useFieldLabel } from './field-value';
import { useI18n } from './i18n-provider';
import { useEntity } from './use-entity';

export function RecordList({ entityKey }: { entityKey: string }) {
  const { t, text } = useI18n();
  const { data: def, error: defError } = useEntity(entityKey);
  const label = useFieldLabel(def);
  const [query, setQuery] = useState({ page: 1, pageSize: 0, sort: '', direction: '' as '' | 'asc' | 'desc', q: '' });

  const params = new URLSearchParams({ page: String(query.page) });
  if (query.pageSize) params.set('pageSize', String(query.pageSize));
  if (query.sort) params.set('sort', query.sort);
  if (query.direction) params.set('direction', query.direction);
  if (query.q) params.set('q', query.q);
  const { data, isLoading, error } = useSWR<RecordPage>(def ? `/api/records/${entityKey}?${params}` : null, { keepPreviousData: true });

  if (defError) return <Typography.Text type="danger">{defError.message}</Typography.Text>;
  if (!def) return <Card loading />;

  const sortField = query.sort || def.listView.sort.field;
  const sortDirection = query.direction || def.listView.sort.direction;
  const columns: TableProps<RecordView>['columns'] = def.listView.columns.map((field, index) => ({
    key: field,
    title: label(field),
    sorter: true,
    sortOrder: field === sortField ? (sortDirection === 'asc' ? 'ascend' : 'descend') : null,
    render: (_: unknown, record: RecordView) =>
      index === 0 ? (
        <Link href={`/records/${entityKey}/${record.id}`}>
          <FieldValue def={def} field={field} record={record} />
        </Link>
      ) : (
        <FieldValue def={def} field={field} record={record} />
      ),
  }));
  columns.push({ key: 'owner', title: t('record.owner'), render: (_: unknown, record: RecordView) => record.refs?.ownerId ?? '' });

  return (
    <Card
      title={text(def.label)}
      extra={
        <Space>
          <Input.Search
            placeholder={t('common.search')}
            allowClear
            onSearch={(q) => setQuery((prev) => ({ ...prev, q, page: 1 }))}
            style={{ width: 260 }}
            data-testid="record-search"
          />
          <Link href={`/records/${entityKey}/new`}>
            <Button type="primary" icon={<PlusOutlined />}>
              {t('common.create')}
            </Button>
          </Link>
        </Space>
      }
    >
      {error && <Typography.Text type="danger">{error.message}</Typography.Text>}
      <Table<RecordView>
        rowKey="id"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={isLoading}
        locale={{ emptyText: t('common.empty') }}
        pagination={{
          current: query.page,
          pageSize: data?.pageSize ?? def.listView.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
        }}
        onChange={(pagination, _filters, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          setQuery((prev) => ({
            ...prev,
            page: pagination.current ?? 1,
            pageSize: pagination.pageSize ?? prev.pageSize,
            sort: one?.order ? String(one.columnKey) : '',
            direction: one?.order === 'ascend' ? 'asc' : one?.order === 'descend' ? 'desc' : '',
          }));
        }}
      />
    </Card>
  );
}
