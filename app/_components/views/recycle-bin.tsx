'use client';

import { useState } from 'react';
import useSWR from 'swr';
import dayjs from 'dayjs';
import { Alert, App, Button, Card, Input, Popconfirm, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, RollbackOutlined } from '@ant-design/icons';
import { api } from '@/lib/client/api-client';
import type { RecordView } from '@/lib/records/record.types';
import { useI18n } from '../i18n-provider';
import { useEntity } from '../use-entity';
import { EntityTabs } from './entity-tabs';
import { useListColumns } from './list-columns';
import { useBulkAction } from './use-bulk-action';
import { PAGE_SIZES } from './use-list-query';
import { useMe } from './use-me';
import type { RecordPage } from './view-api';

/** Deleted records of an entity: those who may delete (managers, admins) restore; only admins purge. */
export function RecycleBin({ entityKey }: { entityKey: string }) {
  const { t, text } = useI18n();
  const { message, modal } = App.useApp();
  const me = useMe();
  const { data: def, error: defError } = useEntity(entityKey);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20, q: '' });
  const [selected, setSelected] = useState<string[]>([]);
  const params = new URLSearchParams({ deleted: '1', page: String(paging.page), pageSize: String(paging.pageSize), ...(paging.q ? { q: paging.q } : {}) });
  const { data, error, isLoading, mutate } = useSWR<RecordPage>(def ? `/api/records/${entityKey}?${params}` : null, { keepPreviousData: true });
  const items = data?.items ?? [];
  const nameOf = (id: string) => items.find((item) => item.id === id)?.display || id;
  const bulk = useBulkAction(entityKey, nameOf);
  const fieldColumns = useListColumns(def, [def?.displayField ?? '', ...(def?.listView.columns ?? [])].filter((key, at, all) => key && all.indexOf(key) === at), [], undefined, false);
  const admin = Boolean(me?.admin && def?.access?.purge);
  const mayRestore = def?.access?.delete === true;

  if (defError) return <Typography.Text type="danger">{defError.message}</Typography.Text>;
  if (!def) return <Card loading />;

  async function act(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      message.success(done);
    } catch (failure) {
      message.error((failure as Error).message);
    }
    setSelected([]);
    await mutate();
  }
  const restore = (id: string) => act(() => api(`/api/records/${entityKey}/${id}/restore`, { method: 'POST' }), t('views.trash.restored'));
  const purge = (id: string) => act(() => api(`/api/records/${entityKey}/${id}?permanent=1`, { method: 'DELETE' }), t('views.trash.purged'));
  const runBulk = async (action: 'restore' | 'purge') => {
    await bulk(action, selected);
    setSelected([]);
    await mutate();
  };
  const confirmBulkPurge = () =>
    modal.confirm({
      title: t('views.trash.confirmPurgeMany', { count: selected.length }),
      okButtonProps: { danger: true },
      okText: t('views.trash.purge'),
      cancelText: t('common.cancel'),
      onOk: () => runBulk('purge'),
    });

  const columns: TableColumnsType<RecordView> = [
    ...fieldColumns,
    { key: 'deletedAt', title: t('views.trash.deletedAt'), render: (_: unknown, record) => (record.deletedAt ? dayjs(record.deletedAt).format('YYYY-MM-DD HH:mm') : '') },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_: unknown, record) => (
        <Space>
          {mayRestore && (
            <Button size="small" icon={<RollbackOutlined />} onClick={() => void restore(record.id)} data-testid={`trash-restore-${record.id}`}>
              {t('views.trash.restore')}
            </Button>
          )}
          {admin && (
            <Popconfirm title={t('views.trash.confirmPurge')} onConfirm={() => void purge(record.id)} okText={t('common.yes')} cancelText={t('common.no')}>
              <Button size="small" danger icon={<DeleteOutlined />} data-testid={`trash-purge-${record.id}`}>
                {t('views.trash.purge')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card title={`${text(def.label)} · ${t('views.trash.title')}`} extra={<EntityTabs def={def} current="trash" />}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space>
            {selected.length > 0 && mayRestore && (
              <Button icon={<RollbackOutlined />} onClick={() => void runBulk('restore')} data-testid="trash-restore-selected">
                {t('views.trash.restoreSelected', { count: selected.length })}
              </Button>
            )}
            {selected.length > 0 && admin && (
              <Button danger icon={<DeleteOutlined />} onClick={confirmBulkPurge} data-testid="trash-purge-selected">
                {t('views.trash.purge')}
              </Button>
            )}
          </Space>
          <Input.Search allowClear placeholder={t('common.search')} onSearch={(q) => setPaging((prev) => ({ ...prev, q, page: 1 }))} style={{ width: 240 }} data-testid="trash-search" />
        </Space>
        {error && <Alert type="error" showIcon title={error.message} />}
        <Table<RecordView>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={isLoading}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('views.trash.empty') }}
          rowSelection={mayRestore ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) } : undefined}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setPaging((prev) => ({ ...prev, page: pageSize === prev.pageSize ? page : 1, pageSize })),
          }}
        />
      </Space>
    </Card>
  );
}
