'use client';

import { useMemo, useState } from 'react';
import useSWR from 'swr';
import { App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Tag, Tree, Typography } from 'antd';
import { ApartmentOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '@/lib/client/api-client';
import type { DepartmentView } from '@/lib/permissions/department.service';
import type { PublicUser } from '@/lib/users/user.types';
import { useI18n } from '../../../_components/i18n-provider';

interface Draft {
  id?: string;
  name: string;
  parentId: string | null;
  managerId: string | null;
}

interface TreeNode {
  key: string;
  title: React.ReactNode;
  children: TreeNode[];
}

/** The organization as a tree: departments, their managers and how many people each has. */
export default function DepartmentsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data, mutate } = useSWR<{ items: DepartmentView[] }>('/api/departments');
  const { data: users } = useSWR<{ items: PublicUser[] }>('/api/users');
  const [editing, setEditing] = useState<Draft | null>(null);
  const [form] = Form.useForm<Draft>();
  const departments = useMemo(() => data?.items ?? [], [data]);
  const names = new Map((users?.items ?? []).map((user) => [user.id, user.name]));

  async function save(values: Draft) {
    try {
      const body = { name: values.name, parentId: values.parentId ?? null, managerId: values.managerId ?? null };
      if (editing?.id) await api(`/api/departments/${editing.id}`, { method: 'PATCH', body });
      else await api('/api/departments', { method: 'POST', body });
      message.success(t('common.saved'));
      setEditing(null);
      await mutate();
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  async function remove(id: string) {
    try {
      await api(`/api/departments/${id}`, { method: 'DELETE' });
      await mutate();
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  const tree = useMemo(() => {
    const node = (department: DepartmentView): TreeNode => ({
      key: department.id,
      title: (
        <Space data-testid={`department-${department.name}`}>
          <ApartmentOutlined />
          <Typography.Text strong>{department.name}</Typography.Text>
          {department.managerId && <Tag color="blue">{`${t('departments.manager')}: ${names.get(department.managerId) ?? department.managerId}`}</Tag>}
          <Tag>{`${t('departments.members')}: ${department.members}`}</Tag>
          <Button size="small" type="link" onClick={() => { form.resetFields(); setEditing({ id: department.id, name: department.name, parentId: department.parentId, managerId: department.managerId }); }}>
            {t('common.edit')}
          </Button>
          <Button size="small" type="link" onClick={() => { form.resetFields(); setEditing({ name: '', parentId: department.id, managerId: null }); }}>
            {t('departments.new')}
          </Button>
          <Popconfirm title={t('departments.confirmDelete')} onConfirm={() => void remove(department.id)} okText={t('common.yes')} cancelText={t('common.no')}>
            <Button size="small" type="link" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
      children: departments.filter((child) => child.parentId === department.id).map(node),
    });
    const ids = new Set(departments.map((department) => department.id));
    return departments.filter((department) => !department.parentId || !ids.has(department.parentId)).map(node);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [departments, users, t]);

  return (
    <Card
      title={t('departments.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} data-testid="department-new" onClick={() => { form.resetFields(); setEditing({ name: '', parentId: null, managerId: null }); }}>
          {t('departments.new')}
        </Button>
      }
    >
      {departments.length === 0 ? <Empty description={t('departments.none')} /> : <Tree treeData={tree} defaultExpandAll selectable={false} blockNode />}
      <Modal
        open={editing !== null}
        title={editing?.id ? t('common.edit') : t('departments.new')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ ...({ 'data-testid': 'department-save' } as object) }}
        destroyOnHidden
      >
        {editing && (
          <Form form={form} layout="vertical" initialValues={editing} onFinish={save} preserve={false}>
            <Form.Item name="name" label={t('departments.name')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input data-testid="department-name" maxLength={100} />
            </Form.Item>
            <Form.Item name="parentId" label={t('departments.parent')}>
              <Select
                allowClear
                placeholder={t('departments.top')}
                options={departments.filter((department) => department.id !== editing.id).map((department) => ({ value: department.id, label: department.name }))}
              />
            </Form.Item>
            <Form.Item name="managerId" label={t('departments.manager')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                data-testid="department-manager"
                options={(users?.items ?? []).filter((user) => user.active).map((user) => ({ value: user.id, label: `${user.name} <${user.email}>` }))}
              />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
