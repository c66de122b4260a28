'use client';

import Link from 'next/link';
import useSWR from 'swr';
import dayjs from 'dayjs';
import { Alert, Table } from 'antd';
import { useI18n } from '../i18n-provider';
import { ImportStatusTag } from './import-status-tag';
import { BUSY, type ImportJob } from './import-types';

/** The entity's imports, newest first, each linking to its result. */
export function ImportHistory({ entityKey }: { entityKey: string }) {
  const { t } = useI18n();
  const { data, error, isLoading } = useSWR<ImportJob[] | { items: ImportJob[] }>(`/api/imports?entity=${encodeURIComponent(entityKey)}`, {
    refreshInterval: (latest) => ((Array.isArray(latest) ? latest : latest?.items ?? []).some((job) => BUSY.includes(job.status)) ? 2000 : 0),
  });
  const items = Array.isArray(data) ? data : (data?.items ?? []);
  if (error) return <Alert type="error" showIcon title={error.message} />;
  return (
    <Table<ImportJob>
      rowKey="id"
      size="small"
      loading={isLoading}
      dataSource={items}
      locale={{ emptyText: t('importWizard.history.empty') }}
      data-testid="import-history"
      columns={[
        { key: 'file', title: t('importWizard.history.file'), render: (_, job) => <Link prefetch={false} href={`/records/${entityKey}/import?id=${job.id}`}>{job.fileName}</Link> },
        { key: 'status', title: t('importWizard.history.status'), render: (_, job) => <ImportStatusTag status={job.status} /> },
        {
          key: 'counts',
          title: t('importWizard.history.counts'),
          render: (_, job) => (job.counts ? `${job.counts.created} / ${job.counts.updated + (job.counts.unchanged ?? 0)} / ${job.counts.skipped} / ${job.counts.failed}` : '—'),
        },
        { key: 'at', title: t('importWizard.history.at'), render: (_, job) => (job.createdAt ? dayjs(job.createdAt).format('YYYY-MM-DD HH:mm') : '') },
        { key: 'open', title: '', render: (_, job) => <Link prefetch={false} href={`/records/${entityKey}/import?id=${job.id}`}>{t('importWizard.history.open')}</Link> },
      ]}
    />
  );
}
