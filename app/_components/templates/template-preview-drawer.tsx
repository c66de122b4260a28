'use client';

import useSWR from 'swr';
import { Collapse, Descriptions, Drawer, Empty, List, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { MessageKey } from '@/lib/i18n/messages';
import type { TemplatePreview } from '@/lib/templates/template.catalog';
import { useI18n } from '../i18n-provider';
import { categoryLabel } from './category-label';

type PreviewField = TemplatePreview['entities'][number]['fields'][number];

/** What a pack holds before it is installed: entities with their fields, automations, dashboards. */
export function TemplatePreviewDrawer({ templateKey, onClose, extra }: { templateKey: string | null; onClose: () => void; extra?: React.ReactNode }) {
  const { t, text } = useI18n();
  const { data } = useSWR<TemplatePreview>(templateKey ? `/api/templates/${templateKey}` : null);
  const entityLabel = (key: string) => {
    const entity = data?.entities.find((candidate) => candidate.key === key);
    return entity ? text(entity.label) : key;
  };
  return (
    <Drawer open={templateKey !== null} onClose={onClose} size={720} title={data ? text(data.name) : t('templates.preview')} extra={extra} destroyOnHidden>
      {!data ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="template-preview">
          <Typography.Paragraph>{text(data.description)}</Typography.Paragraph>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('templates.category')}>{categoryLabel(data.category, t) ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('templates.version', { version: '' }).trim()}>v{data.version}</Descriptions.Item>
            <Descriptions.Item label={t('templates.demo')} span={2}>
              {data.demo.length ? data.demo.map((locale) => <Tag key={locale}>{t(`templates.demo.${locale}` as MessageKey)}</Tag>) : t('templates.none')}
            </Descriptions.Item>
          </Descriptions>

          <div>
            <Typography.Title level={5}>
              {t('templates.entities')} ({data.entities.length})
            </Typography.Title>
            <Collapse
              size="small"
              items={data.entities.map((entity) => ({
                key: entity.key,
                label: (
                  <Space data-testid={`template-preview-entity-${entity.key}`}>
                    <span>{text(entity.label)}</span>
                    <Typography.Text type="secondary" code>
                      {entity.key}
                    </Typography.Text>
                    <Tag>{t('templates.fields')}: {entity.fields.length}</Tag>
                  </Space>
                ),
                children: (
                  <Table<PreviewField>
                    size="small"
                    rowKey="key"
                    pagination={false}
                    dataSource={entity.fields}
                    columns={[
                      { title: t('templates.fields'), render: (_: unknown, field) => text(field.label) },
                      { title: t('designer.entity.key'), dataIndex: 'key', render: (key: string) => <Typography.Text code>{key}</Typography.Text> },
                      {
                        title: '',
                        render: (_: unknown, field) => (
                          <Space size={4}>
                            <Tag>{text(field.typeLabel)}</Tag>
                            {field.relation ? <Tag color="blue">{t('templates.relationTo', { entity: entityLabel(field.relation) })}</Tag> : null}
                            {field.required ? <Tag color="red">{t('templates.required')}</Tag> : null}
                          </Space>
                        ),
                      },
                    ]}
                  />
                ),
              }))}
            />
          </div>

          <div>
            <Typography.Title level={5}>
              {t('templates.workflows')} ({data.workflows.length})
            </Typography.Title>
            {data.workflows.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('templates.none')} />
            ) : (
              <List
                size="small"
                bordered
                dataSource={data.workflows}
                renderItem={(workflow) => (
                  <List.Item>
                    <List.Item.Meta
                      title={text(workflow.name)}
                      description={t('templates.trigger', { entity: entityLabel(workflow.trigger.entity), event: t(`templates.event.${workflow.trigger.event}` as MessageKey) })}
                    />
                  </List.Item>
                )}
              />
            )}
          </div>

          <div>
            <Typography.Title level={5}>
              {t('templates.dashboards')} ({data.dashboards.length})
            </Typography.Title>
            {data.dashboards.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('templates.none')} />
            ) : (
              <List
                size="small"
                bordered
                dataSource={data.dashboards}
                renderItem={(dashboard) => (
                  <List.Item extra={t('templates.charts', { count: dashboard.widgets })}>{text(dashboard.title)}</List.Item>
                )}
              />
            )}
          </div>
        </Space>
      )}
    </Drawer>
  );
}
