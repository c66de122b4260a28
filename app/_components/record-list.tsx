'use client';

import { useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import useSWR from 'swr';
import { Alert, Button, Card, Input, Space, Table, Typography } from 'antd';
import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import type { RecordView } from '@/lib/records/record.types';
import type { SavedView } from '@/lib/views/view.types';
import { useI18n } from './i18n-provider';
import { useEntity } from './use-entity';
import { ExportButtons } from './exports/export-buttons';
import { BulkBar } from './views/bulk-bar';
import { ColumnChooser } from './views/column-chooser';
import { EntityTabs } from './views/entity-tabs';
import { FilterBuilder } from './views/filter-builder';
import { useListColumns } from './views/list-columns';
import { SavedViewsMenu } from './views/saved-views-menu';
import { SortEditor, toggleSort } from './views/sort-editor';
import { apiParams, PAGE_SIZES, useListQuery, viewPatch, viewQueryString } from './views/use-list-query';
import type { RecordPage } from './views/view-api';

/** An entity's records as a table; what it shows is kept in the URL so links reproduce it. */
export function RecordList({ entityKey }: { entityKey: string }) {
  const { t, text } = useI18n();
  const router = useRouter();
  const { data: def, error: defError } = useEntity(entityKey);
  const { query, update, reset } = useListQuery(def);
  const [selected, setSelected] = useState<string[]>([]);
  const url = def ? `/api/records/${entityKey}?${apiParams(query)}` : null;
  const { data, isLoading, error, mutate } = useSWR<RecordPage>(url, { keepPreviousData: true });
  const columns = useListColumns(def, query.columns, query.sort, (field, additive) => update({ sort: toggleSort(query.sort, field, additive) }));

  if (defError) return <Typography.Text type="danger">{defError.message}</Typography.Text>;
  if (!def) return <Card loading />;

  function applyView(view: SavedView | undefined) {
    setSelected([]);
    if (!view) return reset();
    if (view.kind === 'kanban') return router.push(`/records/${entityKey}/kanban?${viewQueryString(view)}`);
    update(viewPatch(view));
  }

  const items = data?.items ?? [];
  const nameOf = (id: string) => items.find((item) => item.id === id)?.display || id;
  // Rows that a new search or filter took off the page are no longer selected.
  const chosen = selected.filter((id) => items.some((item) => item.id === id));
  return (
    <Card
      title={text(def.label)}
      extra={
        <Space wrap>
          <EntityTabs def={def} current="list" />
          {/* Only the buttons that work for this person (the entity's access summary, lib/permissions). */}
          {def.access?.export !== false && <ExportButtons def={def} query={query} />}
          {def.access?.import !== false && (
            <Link prefetch={false} href={`/records/${entityKey}/import`}>
              <Button icon={<ImportOutlined />} data-testid="list-import">
                {t('importWizard.open')}
              </Button>
            </Link>
          )}
          {def.access?.create !== false && (
            <Link prefetch={false} href={`/records/${entityKey}/new`}>
              <Button type="primary" icon={<PlusOutlined />}>
                {t('common.create')}
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <SavedViewsMenu
            entity={entityKey}
            selected={query.view}
            onSelect={applyView}
            settings={{ kind: 'table', columns: query.columns, sort: query.sort, filter: query.filter, q: query.q || undefined, pageSize: query.pageSize }}
          />
          <Space wrap>
            <Input.Search
              key={query.q}
              defaultValue={query.q}
              placeholder={t('common.search')}
              allowClear
              onSearch={(q) => update({ q })}
              style={{ width: 240 }}
              data-testid="list-search"
            />
            <SortEditor def={def} sort={query.sort} onChange={(sort) => update({ sort })} />
            <ColumnChooser def={def} columns={query.columns} onChange={(next) => update({ columns: next })} />
          </Space>
        </Space>
        <FilterBuilder def={def} value={query.filter} onApply={(filter) => update({ filter })} />
        {error && <Alert type="error" showIcon title={error.message} data-testid="list-error" />}
        <BulkBar
          def={def}
          ids={chosen}
          nameOf={nameOf}
          onDone={() => {
            setSelected([]);
            void mutate();
          }}
        />
        <Table<RecordView>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={isLoading}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('common.empty') }}
          rowSelection={{ selectedRowKeys: chosen, onChange: (keys) => setSelected(keys.map(String)), preserveSelectedRowKeys: false }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => {
              setSelected([]);
              update(pageSize !== query.pageSize ? { pageSize } : { page });
            },
          }}
        />
      </Space>
    </Card>
  );
}
