'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import useSWR from 'swr';
import dayjs from 'dayjs';
import { App, Button, Card, Descriptions, Popconfirm, Space, Table, Typography } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { api } from '@/lib/client/api-client';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { RecordPage } from '@/lib/records/record.service';
import type { RecordView } from '@/lib/records/record.types';
import { FieldValue, useFieldLabel } from './field-value';
import { useI18n } from './i18n-provider';
import { useEntity } from './use-entity';

/** Records of another entity that point at this one, e.g. a customer's tasks. */
function RelatedRecords({ def, field, targetId }: { def: EntityDefinition; field: string; targetId: string }) {
  const { t, text } = useI18n();
  const label = useFieldLabel(def);
  // Automations add related records in the background, so the list keeps itself fresh.
  const { data } = useSWR<RecordPage>(`/api/records/${def.key}?pageSize=20&where[${field}]=${targetId}`, { refreshInterval: 3000 });
  const columns = def.listView.columns.filter((column) => column !== field);
  return (
    <Card size="small" title={text(def.label)} style={{ marginTop: 16 }} data-testid={`related-${def.key}`}>
      <Table<RecordView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('common.empty') }}
        columns={columns.map((column, index) => ({
          key: column,
          title: label(column),
          render: (_: unknown, record: RecordView) =>
            index === 0 ? (
              <Link href={`/records/${def.key}/${record.id}`}>
                <FieldValue def={def} field={column} record={record} />
              </Link>
            ) : (
              <FieldValue def={def} field={column} record={record} />
            ),
        }))}
      />
    </Card>
  );
}

export function RecordDetail({ entityKey, id }: { entityKey: string; id: string }) {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const router = useRouter();
  const { data: def } = useEntity(entityKey);
  const { data: record, error } = useSWR<RecordView>(`/api/records/${entityKey}/${id}`);
  const { data: entities } = useSWR<{ items: EntityDefinition[] }>('/api/entities');
  const label = useFieldLabel(def);

  if (error) return <Typography.Text type="danger">{error.message}</Typography.Text>;
  if (!def || !record) return <Card loading />;

  const related = (entities?.items ?? []).flatMap((other) =>
    Object.entries(other.fields)
      .filter(([, presentation]) => presentation.relation?.entity === entityKey)
      .map(([field]) => ({ other, field })),
  );
  const fields = Object.keys(def.schema.properties ?? {});

  async function remove() {
    await api(`/api/records/${entityKey}/${id}`, { method: 'DELETE' });
    message.success(t('common.deleted'));
    router.push(`/records/${entityKey}`);
  }

  return (
    <>
      <Card
        title={
          <span>
            {text(def.label)}: <span data-testid="record-title">{record.display}</span>
          </span>
        }
        extra={
          <Space>
            <Link href={`/records/${entityKey}/${id}/edit`}>
              <Button icon={<EditOutlined />}>{t('common.edit')}</Button>
            </Link>
            <Popconfirm title={t('common.confirmDelete')} onConfirm={() => void remove()} okText={t('common.yes')} cancelText={t('common.no')}>
              <Button danger icon={<DeleteOutlined />}>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          {fields.map((field) => (
            <Descriptions.Item key={field} label={label(field)}>
              <FieldValue def={def} field={field} record={record} />
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('record.owner')}>{record.refs?.ownerId || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('record.createdAt')}>{dayjs(record.createdAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
          <Descriptions.Item label={t('record.updatedAt')}>{dayjs(record.updatedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
        </Descriptions>
      </Card>
      {related.map(({ other, field }) => (
        <RelatedRecords key={`${other.key}.${field}`} def={other} field={field} targetId={id} />
      ))}
    </>
  );
}
