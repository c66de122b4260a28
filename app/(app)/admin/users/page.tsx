'use client';

import { useState } from 'react';
import useSWR from 'swr';
import { App, Button, Card, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '@/lib/client/api-client';
import { ROLES, type PublicUser, type Role } from '@/lib/users/user.types';
import { useI18n } from '../../../_components/i18n-provider';

interface Draft {
  id?: string;
  name: string;
  email: string;
  role: Role;
  password?: string;
  active: boolean;
}

export default function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data, mutate } = useSWR<{ items: PublicUser[] }>('/api/users');
  const [editing, setEditing] = useState<Draft | null>(null);
  const [form] = Form.useForm<Draft>();

  async function save(values: Draft) {
    try {
      if (editing?.id) await api(`/api/users/${editing.id}`, { method: 'PATCH', body: values });
      else await api('/api/users', { method: 'POST', body: values });
      message.success(t('common.saved'));
      setEditing(null);
      await mutate();
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  const roleOptions = ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }));
  return (
    <Card
      title={t('users.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setEditing({ name: '', email: '', role: 'staff', active: true }); }}>
          {t('users.new')}
        </Button>
      }
    >
      <Table<PublicUser>
        rowKey="id"
        dataSource={data?.items ?? []}
        loading={!data}
        pagination={false}
        columns={[
          { title: t('users.name'), dataIndex: 'name' },
          { title: t('users.email'), dataIndex: 'email' },
          { title: t('users.role'), dataIndex: 'role', render: (role: Role) => <Tag>{t(`role.${role}`)}</Tag> },
          { title: t('users.active'), dataIndex: 'active', render: (active: boolean) => (active ? t('common.yes') : t('common.no')) },
          {
            title: t('common.actions'),
            render: (_: unknown, user: PublicUser) => (
              <Button size="small" onClick={() => { form.resetFields(); setEditing({ ...user, password: '' }); }}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing?.id ? t('common.edit') : t('users.new')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        {editing && (
          <Form form={form} layout="vertical" initialValues={editing} onFinish={save} preserve={false}>
            <Form.Item name="name" label={t('users.name')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input />
            </Form.Item>
            <Form.Item name="email" label={t('users.email')} rules={[{ required: true, type: 'email', message: t('validation.format.email') }]}>
              <Input />
            </Form.Item>
            <Form.Item name="role" label={t('users.role')}>
              <Select options={roleOptions} />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('users.password')}
              extra={t('users.passwordHelp')}
              rules={[{ required: !editing.id, min: 8, message: t('validation.minLength', { limit: 8 }) }]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item name="active" label={t('users.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
