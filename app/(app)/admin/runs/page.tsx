'use client';

import { useState } from 'react';
import Link from 'next/link';
import useSWR from 'swr';
import dayjs from 'dayjs';
import { Card, Select, Table, Tag, Typography } from 'antd';
import type { WorkflowRunDoc, WorkflowRunStatus } from '@/lib/workflows/workflow.types';
import { useI18n } from '../../../_components/i18n-provider';

const STATUS_COLORS: Record<WorkflowRunStatus, string> = {
  queued: 'default',
  running: 'processing',
  retrying: 'warning',
  waiting: 'cyan',
  refused: 'magenta',
  succeeded: 'success',
  failed: 'error',
};

export default function WorkflowRunsPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<WorkflowRunStatus | undefined>();
  const { data } = useSWR<{ items: WorkflowRunDoc[] }>(`/api/workflow-runs${status ? `?status=${status}` : ''}`, { refreshInterval: 3000 });
  const statuses = Object.keys(STATUS_COLORS) as WorkflowRunStatus[];
  return (
    <Card
      title={t('runs.title')}
      extra={
        <Select
          allowClear
          placeholder={t('runs.status')}
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={statuses.map((s) => ({ value: s, label: t(`runs.status.${s}`) }))}
        />
      }
    >
      <Table<WorkflowRunDoc>
        rowKey="_id"
        dataSource={data?.items ?? []}
        loading={!data}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('runs.workflow'), dataIndex: 'workflowKey' },
          { title: t('runs.record'), render: (_: unknown, run) => <Link href={`/records/${run.entity}/${run.recordId}`}>{run.entity} · {run.event}</Link> },
          { title: t('runs.status'), dataIndex: 'status', render: (s: WorkflowRunStatus) => <Tag color={STATUS_COLORS[s]}>{t(`runs.status.${s}`)}</Tag> },
          { title: t('runs.attempts'), render: (_: unknown, run) => `${run.attempts} / ${run.maxAttempts}` },
          { title: t('runs.error'), dataIndex: 'error', render: (error: string | null) => (error ? <Typography.Text type="danger">{error}</Typography.Text> : '—') },
          { title: t('runs.updatedAt'), dataIndex: 'updatedAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm:ss') },
        ]}
      />
    </Card>
  );
}
