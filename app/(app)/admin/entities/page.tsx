'use client';

import Link from 'next/link';
import useSWR from 'swr';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { EntityOverviewItem } from '@/lib/entities/entity.overview';
import { useI18n } from '../../../_components/i18n-provider';
import { EntityIcon } from '../../../_components/entity-icon';
import { NEW_ENTITY } from '../../../_components/designer/designer-types';

/** The designer's list of entities: one request (GET /api/entities/overview) whatever their number. */
export default function EntitiesPage() {
  const { t, text } = useI18n();
  const { data, isLoading } = useSWR<{ items: EntityOverviewItem[] }>('/api/entities/overview');
  return (
    <Card
      title={t('designer.list.title')}
      extra={
        <Link href={`/admin/entities/${NEW_ENTITY}`} prefetch={false}>
          <Button type="primary" icon={<PlusOutlined />} data-testid="designer-new-entity">
            {t('designer.list.new')}
          </Button>
        </Link>
      }
    >
      <Table<EntityOverviewItem>
        rowKey="key"
        dataSource={data?.items ?? []}
        loading={isLoading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('designer.entity.label'),
            render: (_: unknown, entity) => (
              <Space>
                <EntityIcon name={entity.icon ?? undefined} />
                {text(entity.label)}
              </Space>
            ),
          },
          { title: t('designer.entity.key'), dataIndex: 'key', render: (key: string) => <Typography.Text code>{key}</Typography.Text> },
          { title: t('designer.list.fields'), dataIndex: 'fieldCount' },
          {
            title: t('designer.list.published'),
            dataIndex: 'version',
            render: (version: number) =>
              version > 0 ? <Tag color="green">{t('designer.status.published', { version })}</Tag> : <Tag>{t('designer.status.unpublished')}</Tag>,
          },
          {
            title: t('designer.list.draft'),
            render: (_: unknown, entity) =>
              entity.draft ? (
                <span data-testid={`designer-draft-${entity.key}`}>
                  <Tag color="gold">{t('designer.status.draft')}</Tag>
                  {entity.draft.problems > 0 && <Tag color="red">{t('designer.problems.title', { count: entity.draft.problems })}</Tag>}
                </span>
              ) : (
                <span data-testid={`designer-draft-${entity.key}`}>—</span>
              ),
          },
          {
            title: t('common.actions'),
            render: (_: unknown, entity) => (
              <Link href={`/admin/entities/${entity.key}`} prefetch={false}>
                <Button size="small" icon={<EditOutlined />} data-testid={`designer-design-${entity.key}`}>
                  {t('designer.list.design')}
                </Button>
              </Link>
            ),
          },
        ]}
      />
    </Card>
  );
}
