'use client';

import { useState } from 'react';
import Link from 'next/link';
import useSWR from 'swr';
import dayjs from 'dayjs';
import { App, Button, Card, Descriptions, Drawer, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { api } from '@/lib/client/api-client';
import type { StepTrace, WorkflowRunStatus } from '@/lib/workflows/workflow.types';
import type { DescribedRun } from '@/lib/workflows/workflow.service';
import { useI18n } from '../../../_components/i18n-provider';

const STATUS_COLORS: Record<WorkflowRunStatus, string> = {
  queued: 'default',
  running: 'processing',
  retrying: 'warning',
  waiting: 'cyan',
  succeeded: 'success',
  failed: 'error',
  refused: 'magenta',
};
const STEP_COLORS: Record<StepTrace['status'], string> = { running: 'blue', waiting: 'cyan', done: 'green', failed: 'red' };

const json = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value, null, 2));

/** One run: each step's input, output, attempts and time; a failed run can be retried from its failed step. */
function RunDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const { data: run, mutate } = useSWR<DescribedRun>(`/api/workflow-runs/${id}`, { refreshInterval: 3000 });
  async function retry() {
    try {
      await api(`/api/workflow-runs/${id}/retry`, { method: 'POST', body: {} });
      message.success(t('runs.retried'));
      await mutate();
    } catch (error) {
      message.error((error as Error).message);
    }
  }
  return (
    <Drawer open onClose={onClose} size="large" title={t('runs.detail')} extra={run?.status === 'failed' && <Button type="primary" onClick={() => void retry()} data-testid="run-retry">{t('runs.retry')}</Button>}>
      {run && (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('runs.workflow')}>
              {run.workflowName ? text(run.workflowName) : run.workflowKey} · {t('runs.version')} {run.workflowVersion ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('runs.status')}>
              <Tag color={STATUS_COLORS[run.status]}>{t(`runs.status.${run.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('runs.event')}>{run.eventLabel ? text(run.eventLabel) : run.event}</Descriptions.Item>
            <Descriptions.Item label={t('runs.record')}>{run.recordId ? <Link prefetch={false} href={`/records/${run.entity}/${run.recordId}`}>{run.entityLabel ? text(run.entityLabel) : run.entity}</Link> : t('runs.noRecord')}</Descriptions.Item>
            <Descriptions.Item label={t('runs.depth')}>{run.depth ?? 0}</Descriptions.Item>
            <Descriptions.Item label={t('runs.attempts')}>{`${run.attempts} / ${run.maxAttempts}`}</Descriptions.Item>
            {run.error && (
              <Descriptions.Item label={t('runs.error')}>
                <Typography.Text type="danger">{run.error}</Typography.Text>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('runs.steps')}
          </Typography.Title>
          <Timeline
            items={Object.entries(run.steps ?? {}).map(([stepId, trace]) => ({
              color: STEP_COLORS[trace.status],
              children: (
                <div data-testid={`run-step-${stepId}`}>
                  <Space>
                    <Typography.Text strong>{stepId}</Typography.Text>
                    <Tag color={STEP_COLORS[trace.status]}>{t(`runs.step.${trace.status}`)}</Tag>
                    <Typography.Text type="secondary">
                      {dayjs(trace.startedAt).format('HH:mm:ss')} · {t('runs.attempts')} {trace.attempts}
                    </Typography.Text>
                  </Space>
                  {trace.error && <Typography.Paragraph type="danger">{trace.error}</Typography.Paragraph>}
                  <Typography.Text type="secondary">{t('runs.input')}</Typography.Text>
                  <pre style={{ fontSize: 12, maxHeight: 200, overflow: 'auto', background: '#fafafa', padding: 8 }}>{json(trace.input)}</pre>
                  <Typography.Text type="secondary">{t('runs.output')}</Typography.Text>
                  <pre style={{ fontSize: 12, maxHeight: 200, overflow: 'auto', background: '#fafafa', padding: 8 }}>{json(trace.output)}</pre>
                </div>
              ),
            }))}
          />
        </>
      )}
    </Drawer>
  );
}

export default function WorkflowRunsPage() {
  const { t, text } = useI18n();
  const [status, setStatus] = useState<WorkflowRunStatus | undefined>();
  const [open, setOpen] = useState<string | null>(null);
  const { data } = useSWR<{ items: DescribedRun[] }>(`/api/workflow-runs${status ? `?status=${status}` : ''}`, { refreshInterval: 3000 });
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
      <Table<DescribedRun>
        rowKey="_id"
        dataSource={data?.items ?? []}
        loading={!data}
        pagination={{ pageSize: 20 }}
        onRow={(run) => ({ onClick: () => setOpen(run._id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('runs.workflow'), render: (_: unknown, run) => (run.workflowName ? text(run.workflowName) : run.workflowKey) },
          { title: t('runs.record'), render: (_: unknown, run) => (run.recordId ? <Link prefetch={false} href={`/records/${run.entity}/${run.recordId}`} onClick={(event) => event.stopPropagation()}>{run.entityLabel ? text(run.entityLabel) : run.entity} · {run.eventLabel ? text(run.eventLabel) : run.event}</Link> : run.eventLabel ? text(run.eventLabel) : run.event) },
          { title: t('runs.status'), dataIndex: 'status', render: (s: WorkflowRunStatus) => <Tag color={STATUS_COLORS[s]}>{t(`runs.status.${s}`)}</Tag> },
          { title: t('runs.attempts'), render: (_: unknown, run) => `${run.attempts} / ${run.maxAttempts}` },
          { title: t('runs.error'), dataIndex: 'error', render: (error: string | null) => (error ? <Typography.Text type="danger">{error}</Typography.Text> : '—') },
          { title: t('runs.updatedAt'), dataIndex: 'updatedAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm:ss') },
        ]}
      />
      {open && <RunDetail id={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}
