'use client';

import { useState } from 'react';
import useSWR from 'swr';
import { App, Button, Card, Checkbox, Drawer, Form, Input, Popconfirm, Radio, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '@/lib/client/api-client';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { ANY_ENTITY, DATA_SCOPES, RECORD_ACTIONS, SYSTEM_AREAS, type EntityGrant, type FieldRule, type RoleDefinition } from '@/lib/permissions/permission.types';
import type { RoleView } from '@/lib/permissions/role.service';
import { useI18n } from '../../../_components/i18n-provider';

const NO_GRANT: EntityGrant = { actions: {}, readScope: 'own', writeScope: 'own', entityActions: [] };

/** One row of the matrix: an entity (or every other entity) × the actions, the two scopes and the buttons. */
function GrantRow({ grant, actions, onChange }: { grant: EntityGrant; actions: { value: string; label: string }[]; onChange: (grant: EntityGrant) => void }) {
  const { t } = useI18n();
  const scopes = DATA_SCOPES.map((scope) => ({ value: scope, label: t(`roles.scope.${scope}`) }));
  return (
    <Space wrap>
      {RECORD_ACTIONS.map((action) => (
        <Checkbox key={action} checked={grant.actions[action] === true} onChange={(event) => onChange({ ...grant, actions: { ...grant.actions, [action]: event.target.checked } })}>
          {t(`roles.action.${action}`)}
        </Checkbox>
      ))}
      <Select size="small" style={{ width: 170 }} value={grant.readScope} options={scopes} onChange={(readScope) => onChange({ ...grant, readScope })} prefix={t('roles.readScope')} />
      <Select size="small" style={{ width: 170 }} value={grant.writeScope} options={scopes} onChange={(writeScope) => onChange({ ...grant, writeScope })} prefix={t('roles.writeScope')} />
      {actions.length > 1 && (
        <Select size="small" mode="multiple" style={{ minWidth: 160 }} placeholder={t('roles.entityActions')} value={grant.entityActions} options={actions} onChange={(entityActions) => onChange({ ...grant, entityActions })} />
      )}
    </Space>
  );
}

/** Roles and permissions: who may do what with which records (entity × action × scope) and which fields. */
export default function RolesPage() {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const { data, mutate } = useSWR<{ items: RoleView[] }>('/api/roles');
  const { data: entities } = useSWR<{ items: EntityDefinition[] }>('/api/entities');
  const [editing, setEditing] = useState<(RoleDefinition & { isNew?: boolean }) | null>(null);
  const [fieldsOf, setFieldsOf] = useState<string>();

  async function save() {
    if (!editing) return;
    const { isNew, preset: _preset, template: _template, admin: _admin, ...role } = editing;
    try {
      if (isNew) await api('/api/roles', { method: 'POST', body: role });
      else await api(`/api/roles/${role.key}`, { method: 'PUT', body: role });
      message.success(t('common.saved'));
      setEditing(null);
      await mutate();
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  async function remove(key: string) {
    try {
      await api(`/api/roles/${key}`, { method: 'DELETE' });
      await mutate();
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  const defs = entities?.items ?? [];
  const setGrant = (entity: string, grant: EntityGrant | undefined) => {
    if (!editing) return;
    const next = { ...editing.entities };
    if (grant) next[entity] = grant;
    else delete next[entity];
    setEditing({ ...editing, entities: next });
  };
  const setRule = (entity: string, field: string, rule: FieldRule | 'editable') => {
    if (!editing) return;
    const rules = { ...(editing.fields[entity] ?? {}) };
    if (rule === 'editable') delete rules[field];
    else rules[field] = rule;
    setEditing({ ...editing, fields: { ...editing.fields, [entity]: rules } });
  };
  const matrixRows = [{ key: ANY_ENTITY, label: t('roles.allEntities'), actions: [] as EntityDefinition['actions'] }, ...defs.map((def) => ({ key: def.key, label: text(def.label), actions: def.actions }))];
  const fieldDef = defs.find((def) => def.key === fieldsOf);

  return (
    <Card
      title={t('roles.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} data-testid="role-new" onClick={() => setEditing({ key: '', name: { 'zh-CN': '', en: '' }, system: [], entities: {}, fields: {}, isNew: true })}>
          {t('roles.new')}
        </Button>
      }
    >
      <Table<RoleView>
        rowKey="key"
        dataSource={data?.items ?? []}
        loading={!data}
        pagination={false}
        columns={[
          { title: t('roles.name'), render: (_: unknown, role) => <Space>{text(role.name)}{role.preset && <Tag>{t('roles.preset')}</Tag>}{role.admin && <Tag color="gold">{t('roles.admin')}</Tag>}</Space> },
          { title: t('roles.key'), dataIndex: 'key', render: (key: string) => <Typography.Text code>{key}</Typography.Text> },
          { title: t('roles.users'), dataIndex: 'users' },
          {
            title: t('common.actions'),
            render: (_: unknown, role) =>
              role.admin ? null : (
                <Space>
                  <Button size="small" data-testid={`role-edit-${role.key}`} onClick={() => setEditing(structuredClone(role))}>
                    {t('common.edit')}
                  </Button>
                  {!role.preset && (
                    <Popconfirm title={t('common.delete')} onConfirm={() => void remove(role.key)} okText={t('common.yes')} cancelText={t('common.no')}>
                      <Button size="small" danger>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <Drawer open={editing !== null} width={980} title={editing?.isNew ? t('roles.new') : text(editing?.name ?? { 'zh-CN': '', en: '' })} onClose={() => setEditing(null)} destroyOnHidden
        extra={<Button type="primary" data-testid="role-save" onClick={() => void save()}>{t('common.save')}</Button>}>
        {editing && (
          <Form layout="vertical">
            <Space wrap>
              <Form.Item label={t('roles.key')}>
                <Input data-testid="role-key" disabled={!editing.isNew} value={editing.key} onChange={(event) => setEditing({ ...editing, key: event.target.value.trim() })} />
              </Form.Item>
              <Form.Item label={`${t('roles.name')} (中文)`}>
                <Input data-testid="role-name-zh" value={editing.name['zh-CN']} onChange={(event) => setEditing({ ...editing, name: { ...editing.name, 'zh-CN': event.target.value } })} />
              </Form.Item>
              <Form.Item label={`${t('roles.name')} (English)`}>
                <Input data-testid="role-name-en" value={editing.name.en} onChange={(event) => setEditing({ ...editing, name: { ...editing.name, en: event.target.value } })} />
              </Form.Item>
            </Space>
            <Tabs
              items={[
                {
                  key: 'matrix',
                  label: t('roles.matrix'),
                  children: (
                    <Table
                      rowKey="key"
                      size="small"
                      pagination={false}
                      dataSource={matrixRows}
                      columns={[
                        {
                          title: t('roles.entity'),
                          width: 180,
                          render: (_: unknown, row) => (
                            <Checkbox data-testid={`grant-${row.key}`} checked={Boolean(editing.entities[row.key])} onChange={(event) => setGrant(row.key, event.target.checked ? { ...NO_GRANT, actions: { read: true } } : undefined)}>
                              {row.label}
                            </Checkbox>
                          ),
                        },
                        {
                          title: `${t('roles.matrix')}`,
                          render: (_: unknown, row) =>
                            editing.entities[row.key] ? (
                              <GrantRow
                                grant={editing.entities[row.key]}
                                actions={[{ value: '*', label: t('roles.allActions') }, ...(row.actions ?? []).map((action) => ({ value: action.key, label: text(action.label) }))]}
                                onChange={(grant) => setGrant(row.key, grant)}
                              />
                            ) : null,
                        },
                      ]}
                    />
                  ),
                },
                {
                  key: 'fields',
                  label: t('roles.fields'),
                  children: (
                    <Space direction="vertical" style={{ width: '100%' }}>
                      <Select style={{ width: 260 }} placeholder={t('roles.entity')} value={fieldsOf} onChange={setFieldsOf} options={defs.map((def) => ({ value: def.key, label: text(def.label) }))} />
                      {fieldDef && (
                        <Table
                          rowKey="key"
                          size="small"
                          pagination={false}
                          dataSource={fieldDef.fields}
                          columns={[
                            { title: t('roles.fields'), render: (_: unknown, field) => text(field.label) || field.key },
                            {
                              title: t('roles.fieldRule'),
                              render: (_: unknown, field) => (
                                <Radio.Group
                                  value={editing.fields[fieldDef.key]?.[field.key] ?? 'editable'}
                                  disabled={field.key === fieldDef.displayField}
                                  onChange={(event) => setRule(fieldDef.key, field.key, event.target.value)}
                                  options={[
                                    { value: 'editable', label: t('roles.fieldEditable') },
                                    { value: 'readonly', label: t('roles.fieldReadonly') },
                                    { value: 'hidden', label: t('roles.fieldHidden') },
                                  ]}
                                />
                              ),
                            },
                          ]}
                        />
                      )}
                    </Space>
                  ),
                },
                {
                  key: 'system',
                  label: t('roles.system'),
                  children: (
                    <Checkbox.Group
                      value={editing.system}
                      onChange={(system) => setEditing({ ...editing, system: system as RoleDefinition['system'] })}
                      options={SYSTEM_AREAS.map((area) => ({ value: area, label: t(`roles.area.${area}`) }))}
                    />
                  ),
                },
              ]}
            />
          </Form>
        )}
      </Drawer>
    </Card>
  );
}
