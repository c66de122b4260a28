'use client';

import Link from 'next/link';
import { Alert, App, Button, Col, Row, Space, Spin, Statistic } from 'antd';
import { FileExcelOutlined, FileTextOutlined, RollbackOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n-provider';
import { conflictsUrl, failedRowsUrl, undoImport } from './import-api';
import { ImportProgress } from './import-progress';
import type { ImportJob } from './import-types';

/** Step 5: the counts of the run, the failed rows to download, and undo. */
export function ResultStep({ job, onChanged, onAnother, onEdit }: { job: ImportJob; onChanged: () => void; onAnother: () => void; onEdit: () => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const counts = { unchanged: 0, conflicts: 0, ...(job.counts ?? { created: 0, updated: 0, skipped: 0, failed: 0 }) };
  const mayUndo = job.status === 'done' && counts.created + counts.updated > 0;
  // A check that failed before anything ran: the mapping can still be changed.
  const mayEdit = job.status === 'failed' && counts.created + counts.updated + counts.skipped + counts.failed === 0;

  const confirmUndo = () =>
    modal.confirm({
      title: t('importWizard.undoConfirm'),
      content: t('importWizard.undoConfirmText', { created: counts.created, updated: counts.updated }),
      okText: t('importWizard.undo'),
      okButtonProps: { danger: true, 'data-testid': 'import-undo-confirm' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await undoImport(job.id);
          onChanged();
        } catch (failure) {
          message.error((failure as Error).message);
        }
      },
    });

  const stats: [keyof typeof counts, string, string | undefined][] = [
    ['created', t('importWizard.result.created'), '#3f8600'],
    ['updated', t('importWizard.result.updated'), '#1d6fdc'],
    ...(job.dedupe.mode === 'update' ? [['unchanged', t('importWizard.result.unchanged'), undefined] as [keyof typeof counts, string, undefined]] : []),
    ['skipped', t('importWizard.result.skipped'), undefined],
    ['failed', t('importWizard.result.failed'), counts.failed > 0 ? '#cf1322' : undefined],
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ImportProgress job={job} />
      {job.status === 'done' && <Alert type="success" showIcon title={t('importWizard.result.done')} />}
      {job.status === 'failed' && <Alert type="error" showIcon title={t('importWizard.result.failedJob', { error: job.error ?? '' })} data-testid="import-error" />}
      {job.status === 'undoing' && <Alert type="info" showIcon icon={<Spin size="small" />} title={t('importWizard.result.undoing')} />}
      {job.status === 'undone' && <Alert type="info" showIcon title={t('importWizard.result.undone')} data-testid="import-undone" />}
      {job.status === 'undone' && job.undo && job.undo.conflicts > 0 && (
        <Alert type="warning" showIcon title={t('importWizard.result.undoConflicts', { count: job.undo.conflicts })} data-testid="import-undo-conflicts" />
      )}
      <Row gutter={16}>
        {stats.map(([key, title, color]) => (
          <Col key={key} xs={12} md={stats.length > 4 ? 4 : 6}>
            <Statistic title={title} value={counts[key]} styles={color ? { content: { color } } : undefined} data-testid={`result-${key}`} />
          </Col>
        ))}
      </Row>
      {counts.conflicts > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('importWizard.result.conflicts', { count: counts.conflicts })}
          action={<Button size="small" href={conflictsUrl(job.id, 'csv')} data-testid="result-conflicts-csv">{t('importWizard.conflictsCsv')}</Button>}
          data-testid="result-conflicts"
        />
      )}
      <Space wrap>
        <Button href={failedRowsUrl(job.id, 'csv')} icon={<FileTextOutlined />} disabled={counts.failed === 0} data-testid="failed-rows-csv">
          {t('importWizard.result.downloadCsv')}
        </Button>
        <Button href={failedRowsUrl(job.id, 'xlsx')} icon={<FileExcelOutlined />} disabled={counts.failed === 0} data-testid="failed-rows-xlsx">
          {t('importWizard.result.downloadXlsx')}
        </Button>
        {mayUndo && (
          <Button danger icon={<RollbackOutlined />} onClick={confirmUndo} data-testid="import-undo">
            {t('importWizard.undo')}
          </Button>
        )}
        {mayEdit && (
          <Button onClick={onEdit} data-testid="import-edit">
            {t('importWizard.back')}
          </Button>
        )}
        <Button onClick={onAnother} data-testid="import-another">
          {t('importWizard.result.another')}
        </Button>
        <Link prefetch={false} href={`/records/${job.entity}`}>
          <Button type="link">{t('importWizard.result.viewRecords')}</Button>
        </Link>
      </Space>
    </Space>
  );
}
