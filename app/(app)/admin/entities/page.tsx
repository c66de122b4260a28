'use client';

import Link from 'next/link';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { useI18n } from '../../../_components/i18n-provider';
import { DraftStatus } from '../../../_components/designer/draft-status';
import { NEW_ENTITY } from '../../../_components/designer/designer-types';
import { useEntityList } from '../../../_components/designer/use-entity-list';

export default function EntitiesPage() {
  const { t, text } = useI18n();
  const { entities, isLoading } = useEntityList();
  return (
    <Card
      title={t('designer.list.title')}
      extra={
        <Link href={`/admin/entities/${NEW_ENTITY}`}>
          <Button type="primary" icon={<PlusOutlined />} data-testid="designer-new-entity">
            {t('designer.list.new')}
          </Button>
        </Link>
      }
    >
      <Table<EntityDefinition>
        rowKey="key"
        dataSource={entities}
        loading={isLoading}
        pagination={false}
        columns={[
          { title: t('designer.entity.label'), render: (_: unknown, entity) => text(entity.label) },
          { title: t('designer.entity.key'), dataIndex: 'key', render: (key: string) => <Typography.Text code>{key}</Typography.Text> },
          { title: t('designer.list.fields'), render: (_: unknown, entity) => entity.fields.length },
          {
            title: t('designer.list.published'),
            dataIndex: 'version',
            render: (version: number) =>
              version > 0 ? <Tag color="green">{t('designer.status.published', { version })}</Tag> : <Tag>{t('designer.status.unpublished')}</Tag>,
          },
          { title: t('designer.list.draft'), render: (_: unknown, entity) => <DraftStatus entityKey={entity.key} /> },
          {
            title: t('common.actions'),
            render: (_: unknown, entity) => (
              <Link href={`/admin/entities/${entity.key}`}>
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
