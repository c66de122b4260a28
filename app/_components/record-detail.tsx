'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import useSWR from 'swr';
import { Alert, App, Button, Card, Popconfirm, Space, Tabs, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, HistoryOutlined, ProfileOutlined } from '@ant-design/icons';
import { api } from '@/lib/client/api-client';
import type { RecordView } from '@/lib/records/record.types';
import { useI18n } from './i18n-provider';
import { RecordActions } from './record-actions';
import { useEntity } from './use-entity';
import { HistoryTimeline } from './views/history-timeline';
import { RecordSections, RetiredFields } from './views/record-sections';
import { RelatedRecords } from './views/related-records';
import { useMe } from './views/use-me';

export function RecordDetail({ entityKey, id }: { entityKey: string; id: string }) {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const router = useRouter();
  const me = useMe();
  const { data: def } = useEntity(entityKey);
  const { data: record, error, mutate } = useSWR<RecordView>(`/api/records/${entityKey}/${id}`);

  if (error) return <Typography.Text type="danger">{error.message}</Typography.Text>;
  if (!def || !record) return <Card loading />;

  // The server says what this person may do with this record (lib/permissions).
  const mayEdit = !record.deletedAt && record.can?.update === true;
  const mayDelete = !record.deletedAt && record.can?.delete === true;

  async function remove() {
    try {
      await api(`/api/records/${entityKey}/${id}`, { method: 'DELETE' });
      message.success(t('views.detail.movedToTrash'));
      router.push(`/records/${entityKey}`);
    } catch (failure) {
      message.error((failure as Error).message);
    }
  }

  return (
    <Card
      title={
        <span>
          {text(def.label)}: <span data-testid="record-title">{record.display}</span>
        </span>
      }
      extra={
        <Space>
          <RecordActions def={def} record={record} me={me} onDone={() => void mutate()} />
          <Link href={`/records/${entityKey}/${id}/edit`}>
            <Button icon={<EditOutlined />} data-testid="record-edit" disabled={!mayEdit}>
              {t('common.edit')}
            </Button>
          </Link>
          {mayDelete && (
            <Popconfirm title={t('views.detail.confirmDelete')} onConfirm={() => void remove()} okText={t('common.yes')} cancelText={t('common.no')}>
              <Button danger icon={<DeleteOutlined />} data-testid="record-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      {record.deletedAt && <Alert type="warning" showIcon title={t('views.detail.inTrash')} style={{ marginBottom: 16 }} />}
      <Tabs
        items={[
          {
            key: 'details',
            label: t('record.details'),
            icon: <ProfileOutlined />,
            children: (
              <>
                <RecordSections def={def} record={record} />
                <RetiredFields record={record} />
                <RelatedRecords entityKey={entityKey} id={id} />
              </>
            ),
          },
          {
            key: 'history',
            label: <span data-testid="record-history">{t('views.history.title')}</span>,
            icon: <HistoryOutlined />,
            children: <HistoryTimeline def={def} id={id} />,
          },
        ]}
      />
    </Card>
  );
}
