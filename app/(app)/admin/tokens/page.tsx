'use client';

import { useState } from 'react';
import useSWR from 'swr';
import dayjs from 'dayjs';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Switch, Table, Tag, Typography } from 'antd';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '@/lib/client/api-client';
import type { ApiTokenView } from '@/lib/auth/api-tokens';
import type { PublicUser } from '@/lib/users/user.types';
import { useI18n } from '../../../_components/i18n-provider';

export default function TokensPage() {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const { data, mutate } = useSWR<{ items: ApiTokenView[] }>('/api/tokens');
  const { data: users } = useSWR<{ items: PublicUser[] }>('/api/users');
  const { data: entities } = useSWR<{ items: EntityDefinition[] }>('/api/entities');
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const names = new Map((users?.items ?? []).map((user) => [user.id, user.name]));
  const when = (date: string | Date | null) => (date ? dayjs(date).format('YYYY-MM-DD HH:mm') : '—');

  async function create(values: { name: string; userId: string; readOnly?: boolean; entities?: string[] }) {
    try {
      const result = await api<{ token: string }>('/api/tokens', { method: 'POST', body: values });
      setCreating(false);
      setIssued(result.token);
      await mutate();
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  return (
    <Card title={t('tokens.title')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('tokens.new')}</Button>}>
      {issued && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setIssued(null) }}
          style={{ marginBottom: 16 }}
          title={t('tokens.shownOnce')}
          description={<Typography.Text code copyable data-testid="issued-token">{issued}</Typography.Text>}
        />
      )}
      <Table<ApiTokenView>
        rowKey="id"
        dataSource={data?.items ?? []}
        loading={!data}
        pagination={false}
        columns={[
          { title: t('tokens.name'), dataIndex: 'name' },
          { title: t('tokens.user'), dataIndex: 'userId', render: (id: string) => names.get(id) ?? id },
          { title: t('tokens.prefix'), dataIndex: 'prefix', render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text> },
          {
            title: t('tokens.entities'),
            render: (_: unknown, token: ApiTokenView) => (
              <>
                {token.readOnly && <Tag color="blue">{t('tokens.readOnly')}</Tag>}
                {token.entities ? token.entities.map((key) => <Tag key={key}>{key}</Tag>) : <Typography.Text type="secondary">{t('tokens.allEntities')}</Typography.Text>}
              </>
            ),
          },
          { title: t('tokens.createdAt'), dataIndex: 'createdAt', render: when },
          { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', render: when },
          {
            title: t('common.actions'),
            render: (_: unknown, token: ApiTokenView) =>
              token.revokedAt ? (
                <Tag>{t('tokens.revoked')}</Tag>
              ) : (
                <Popconfirm
                  title={t('tokens.confirmRevoke')}
                  okText={t('common.yes')}
                  cancelText={t('common.no')}
                  onConfirm={async () => { await api(`/api/tokens/${token.id}`, { method: 'DELETE' }); await mutate(); }}
                >
                  <Button size="small" danger>{t('tokens.revoke')}</Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={creating} title={t('tokens.new')} footer={null} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form layout="vertical" onFinish={create}>
          <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="userId" label={t('tokens.user')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={(users?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))} />
          </Form.Item>
          <Form.Item name="readOnly" label={t('tokens.readOnly')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="entities" label={t('tokens.entities')} extra={t('tokens.allEntities')}>
            <Select mode="multiple" allowClear options={(entities?.items ?? []).map((def) => ({ value: def.key, label: text(def.label) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit">{t('common.save')}</Button>
        </Form>
      </Modal>
    </Card>
  );
}
