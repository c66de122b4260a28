'use client';

import { useState } from 'react';
import Link from 'next/link';
import useSWR from 'swr';
import { App, Button, Card, Input, Modal, Popconfirm, Space, Switch, Table, Tag } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { api } from '@/lib/client/api-client';
import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';
import { useI18n } from '../../../_components/i18n-provider';

/** The workflows: switch on and off, design, export as JSON, install from JSON (a workflow or a template file's workflows). */
export default function WorkflowsPage() {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const { data, mutate } = useSWR<{ items: WorkflowDefinition[] }>('/api/workflows');
  const [installing, setInstalling] = useState(false);
  const [source, setSource] = useState('');

  async function toggle(key: string, enabled: boolean) {
    try {
      await api(`/api/workflows/${key}/enabled`, { method: 'PUT', body: { enabled } });
      await mutate();
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  function exportJson(workflow: WorkflowDefinition) {
    const { template: _template, ...definition } = workflow;
    const blob = new Blob([JSON.stringify(definition, null, 2)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${workflow.key}.workflow.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  async function install() {
    try {
      const parsed = JSON.parse(source);
      const body = Array.isArray(parsed.workflows) ? { workflows: parsed.workflows } : { definition: parsed };
      const answer = await api<{ installed: { key: string; version: number }[] }>('/api/workflows/install', { method: 'POST', body });
      message.success(`${t('workflows.installed')}: ${answer.installed.map((item) => `${item.key} v${item.version}`).join(', ')}`);
      setInstalling(false);
      setSource('');
      await mutate();
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  async function remove(key: string) {
    try {
      await api(`/api/workflows/${key}`, { method: 'DELETE' });
      await mutate();
    } catch (error) {
      message.error((error as Error).message);
    }
  }

  return (
    <Card
      title={t('workflows.title')}
      extra={
        <Space>
          <Button icon={<UploadOutlined />} onClick={() => setInstalling(true)} data-testid="workflows-install">
            {t('workflows.import')}
          </Button>
          <Link prefetch={false} href="/admin/workflows/new">
            <Button type="primary" icon={<PlusOutlined />} data-testid="workflows-new">
              {t('workflows.new')}
            </Button>
          </Link>
        </Space>
      }
    >
      <Table<WorkflowDefinition>
        rowKey="key"
        loading={!data}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: t('workflows.name'), render: (_: unknown, workflow) => <Link prefetch={false} href={`/admin/workflows/${workflow.key}`}>{text(workflow.name)}</Link> },
          { title: t('workflows.key'), dataIndex: 'key' },
          { title: t('workflows.trigger'), render: (_: unknown, workflow) => <Tag>{workflow.trigger.event}{'entity' in workflow.trigger && workflow.trigger.entity ? ` · ${workflow.trigger.entity}` : ''}</Tag> },
          { title: t('workflows.version'), dataIndex: 'version' },
          { title: t('workflows.enabled'), render: (_: unknown, workflow) => <Switch size="small" checked={workflow.enabled} onChange={(checked) => void toggle(workflow.key, checked)} data-testid={`workflow-enabled-${workflow.key}`} /> },
          {
            title: t('common.actions'),
            render: (_: unknown, workflow) => (
              <Space>
                <Link prefetch={false} href={`/admin/workflows/${workflow.key}`}>{t('workflows.edit')}</Link>
                <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => exportJson(workflow)}>
                  {t('workflows.export')}
                </Button>
                <Popconfirm title={t('workflows.confirmDelete')} onConfirm={() => void remove(workflow.key)} okText={t('common.yes')} cancelText={t('common.no')}>
                  <Button type="link" size="small" danger>
                    {t('workflows.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={installing} onCancel={() => setInstalling(false)} onOk={() => void install()} title={t('workflows.import')} width={720}>
        <Input.TextArea rows={16} value={source} onChange={(event) => setSource(event.target.value)} style={{ fontFamily: 'monospace' }} data-testid="workflows-install-json" />
      </Modal>
    </Card>
  );
}
