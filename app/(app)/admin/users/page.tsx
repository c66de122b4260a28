'use client';

import { useState } from 'react';
import useSWR from 'swr';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '@/lib/client/api-client';
import type { DepartmentView } from '@/lib/permissions/department.service';
import type { PublicUser } from '@/lib/users/user.types';
import { useI18n } from '../../../_components/i18n-provider';
import { useRoles } from '../../../_components/use-roles';

interface Draft {
  id?: string;
  name: string;
  email: string;
  roles: string[];
  departmentId: string | null;
  password?: string;
  active: boolean;
}

export default function UsersPage() {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const { data, mutate } = useSWR<{ items: PublicUser[] }>('/api/users');
  const { data: departments } = useSWR<{ items: DepartmentView[] }>('/api/departments');
  const roles = useRoles();
  const [editing, setEditing] = useState<Draft | null>(null);
  const [form] = Form.useForm<Draft>();

  async function save(values: Draft) {
    try {
      const body = { ...values, departmentId: values.departmentId ?? null };
      if (editing?.id) await api(`/api/users/${editing.id}`, { method: 'PATCH', body });
      else await api('/api/users', { method: 'POST', body });
      message.success(t('common.saved'));
      setEditing(null);
      await mutate();
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  async function endSessions(id: string) {
    try {
      await api(`/api/users/${id}/sessions`, { method: 'DELETE' });
      message.success(t('users.sessionsEnded'));
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  const roleName = (key: string) => text(roles?.find((role) => role.key === key)?.name ?? { 'zh-CN': key, en: key });
  const departmentName = (id: string | null) => (id ? (departments?.items.find((department) => department.id === id)?.name ?? id) : '—');
  return (
    <Card
      title={t('users.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} data-testid="user-new" onClick={() => { form.resetFields(); setEditing({ name: '', email: '', roles: ['staff'], departmentId: null, active: true }); }}>
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
          { title: t('users.roles'), dataIndex: 'roles', render: (keys: string[]) => keys.map((key) => <Tag key={key}>{roleName(key)}</Tag>) },
          { title: t('users.department'), dataIndex: 'departmentId', render: (id: string | null) => departmentName(id) },
          { title: t('users.active'), dataIndex: 'active', render: (active: boolean) => (active ? t('common.yes') : t('common.no')) },
          {
            title: t('common.actions'),
            render: (_: unknown, user: PublicUser) => (
              <Space>
                <Button size="small" data-testid={`user-edit-${user.email}`} onClick={() => { form.resetFields(); setEditing({ ...user, password: '' }); }}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('account.signOutEverywhereHelp')} onConfirm={() => void endSessions(user.id)} okText={t('common.yes')} cancelText={t('common.no')}>
                  <Button size="small">{t('users.endSessions')}</Button>
                </Popconfirm>
              </Space>
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
        okButtonProps={{ ...({ 'data-testid': 'user-save' } as object) }}
        destroyOnHidden
      >
        {editing && (
          <Form form={form} layout="vertical" initialValues={editing} onFinish={save} preserve={false}>
            <Form.Item name="name" label={t('users.name')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input data-testid="user-name" />
            </Form.Item>
            <Form.Item name="email" label={t('users.email')} rules={[{ required: true, type: 'email', message: t('validation.format.email') }]}>
              <Input data-testid="user-email" />
            </Form.Item>
            <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, message: t('validation.required') }]}>
              <Select mode="multiple" optionFilterProp="label" data-testid="user-roles" options={(roles ?? []).map((role) => ({ value: role.key, label: text(role.name) || role.key }))} />
            </Form.Item>
            <Form.Item name="departmentId" label={t('users.department')}>
              <Select allowClear showSearch optionFilterProp="label" data-testid="user-department" placeholder={t('users.noDepartment')} options={(departments?.items ?? []).map((department) => ({ value: department.id, label: department.name }))} />
            </Form.Item>
            <Form.Item name="password" label={t('users.password')} extra={t(editing.id ? 'users.passwordRulesKeep' : 'users.passwordRules')} rules={[{ required: !editing.id, min: 10, message: t('password.tooShort', { min: 10 }) }]}>
              <Input.Password autoComplete="new-password" data-testid="user-password" />
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
