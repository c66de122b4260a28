'use client';

import { useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import useSWR from 'swr';
import { App, Button, Card, Empty, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { CopyOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { DashboardDefinition } from '@/lib/dashboards/dashboard.types';
import type { LocalizedText } from '@/lib/i18n/locale';
import { api, ApiError } from '@/lib/client/api-client';
import { useI18n } from '../../_components/i18n-provider';
import { useMe } from '../../_components/views/use-me';

type Naming = { mode: 'create' } | { mode: 'rename'; dashboard: DashboardDefinition } | { mode: 'duplicate'; dashboard: DashboardDefinition };

/** Every dashboard the user may open; managers and admins create, rename, duplicate and delete them. */
export default function DashboardsPage() {
  const { t, text } = useI18n();
  const { message, modal } = App.useApp();
  const router = useRouter();
  const me = useMe();
  const { data, mutate } = useSWR<{ items: DashboardDefinition[] }>('/api/dashboards');
  const [naming, setNaming] = useState<Naming | null>(null);
  const [form] = Form.useForm<LocalizedText>();
  // Mirrors canManageDashboards (lib/dashboards/viewer-access.ts); the server decides.
  const manager = Boolean(me && (me.admin || me.system.includes('dashboards')));

  async function submit(title: LocalizedText) {
    try {
      if (naming?.mode === 'create') {
        const created = await api<DashboardDefinition>('/api/dashboards', { method: 'POST', body: { title, widgets: [] } });
        router.push(`/dashboards/${created.key}`);
      } else if (naming?.mode === 'duplicate') {
        const created = await api<DashboardDefinition>(`/api/dashboards/${naming.dashboard.key}/duplicate`, { method: 'POST', body: { title } });
        router.push(`/dashboards/${created.key}`);
      } else if (naming?.mode === 'rename') {
        const { version, template: _t, updatedAt: _a, updatedBy: _b, ...body } = naming.dashboard;
        await api(`/api/dashboards/${naming.dashboard.key}`, { method: 'PUT', body: { ...body, title }, headers: { 'if-match': String(version) } });
      }
      setNaming(null);
      await mutate();
      router.refresh();
    } catch (error) {
      message.error((error as ApiError).message);
    }
  }

  function remove(dashboard: DashboardDefinition) {
    modal.confirm({
      title: t('dashboards.action.confirmDelete', { title: text(dashboard.title) }),
      okButtonProps: { danger: true },
      onOk: async () => {
        await api(`/api/dashboards/${dashboard.key}`, { method: 'DELETE' });
        await mutate();
        router.refresh();
      },
    });
  }

  function open(next: Naming) {
    setNaming(next);
    form.setFieldsValue(next.mode === 'create' ? { 'zh-CN': '', en: '' } : next.dashboard.title);
  }

  return (
    <Card
      title={t('dashboards.list.title')}
      extra={
        manager && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ mode: 'create' })} data-testid="dashboard-create">
            {t('dashboards.list.create')}
          </Button>
        )
      }
    >
      <List
        loading={!data}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty description={t('dashboards.list.empty')} /> }}
        renderItem={(dashboard) => (
          <List.Item
            actions={
              manager
                ? [
                    <Button key="rename" size="small" icon={<EditOutlined />} onClick={() => open({ mode: 'rename', dashboard })}>
                      {t('dashboards.action.rename')}
                    </Button>,
                    <Button key="duplicate" size="small" icon={<CopyOutlined />} onClick={() => open({ mode: 'duplicate', dashboard })} data-testid={`dashboard-duplicate-${dashboard.key}`}>
                      {t('dashboards.action.duplicate')}
                    </Button>,
                    <Button key="delete" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(dashboard)}>
                      {t('dashboards.action.delete')}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={<Link prefetch={false} href={`/dashboards/${dashboard.key}`}>{text(dashboard.title)}</Link>}
              description={
                <Space>
                  <Typography.Text type="secondary">{t('dashboards.list.widgets', { count: dashboard.widgets.length })}</Typography.Text>
                  {dashboard.template && <Tag>{t('dashboards.list.template', { template: dashboard.template })}</Tag>}
                  {dashboard.roles && <Tag color="blue">{dashboard.roles.map((role) => t(`role.${role}` as 'role.staff')).join(', ')}</Tag>}
                </Space>
              }
            />
          </List.Item>
        )}
      />
      <Modal open={naming !== null} title={naming?.mode === 'create' ? t('dashboards.list.create') : naming?.mode === 'duplicate' ? t('dashboards.action.duplicate') : t('dashboards.action.rename')} onCancel={() => setNaming(null)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
          <Form.Item name="zh-CN" label={t('dashboards.field.titleZh')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input data-testid="dashboard-name-zh" />
          </Form.Item>
          <Form.Item name="en" label={t('dashboards.field.titleEn')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input data-testid="dashboard-name-en" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
