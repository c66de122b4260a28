'use client';

import { useState } from 'react';
import { Alert, App, Button, Col, Row, Space, Spin, Statistic, Table, Typography } from 'antd';
import { FileTextOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n-provider';
import { conflictsUrl, runImport } from './import-api';
import type { ImportConflict, ImportJob, ImportProblem } from './import-types';

/**
 * Step 3: what the validation of every row found (nothing is written yet): the counts and
 * the first problem rows. From here the person goes back to the mapping or starts the run.
 */
export function PreviewStep({ job, onBack, onStarted }: { job: ImportJob; onBack: () => void; onStarted: () => void }) {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const [starting, setStarting] = useState(false);

  if (job.status === 'validating' || !job.preview) {
    return (
      <Space orientation="vertical" align="center" style={{ width: '100%', padding: 48 }} data-testid="import-validating">
        <Spin size="large" />
        <Typography.Text type="secondary">{t('importWizard.validating')}</Typography.Text>
      </Space>
    );
  }
  const preview = job.preview;
  const fieldLabel = (key: string | undefined) => (key ? text(job.fields.find((field) => field.key === key)?.label) || key : '');

  async function start() {
    setStarting(true);
    try {
      await runImport(job.id);
      onStarted();
    } catch (failure) {
      message.error((failure as Error).message);
    } finally {
      setStarting(false);
    }
  }

  const stats: [string, number, string][] = [
    ['rows', preview.rows, t('importWizard.preview.rows')],
    ['valid', preview.valid, t('importWizard.preview.valid')],
    ['invalid', preview.invalid, t('importWizard.preview.invalid')],
    ['duplicates', preview.duplicatesInFile, t('importWizard.preview.duplicates')],
    ['matches', preview.matchesExisting, t('importWizard.preview.matches')],
    ...(job.dedupe.mode === 'update' ? [['unchanged', preview.unchanged ?? 0, t('importWizard.preview.unchanged')] as [string, number, string]] : []),
    ...(job.dedupe.mode === 'skip' ? [['conflicts', preview.conflicts ?? 0, t('importWizard.preview.conflicts')] as [string, number, string]] : []),
  ];
  const conflicts = preview.conflictSamples ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Row gutter={16}>
        {stats.map(([key, value, title]) => (
          <Col key={key} xs={12} md={4}>
            <Statistic title={title} value={value} data-testid={`preview-${key}`} styles={(key === 'invalid' || key === 'conflicts') && value > 0 ? { content: { color: '#cf1322' } } : undefined} />
          </Col>
        ))}
      </Row>
      {preview.invalid > 0 && <Alert type="warning" showIcon title={t('importWizard.preview.invalidNote')} />}
      <Typography.Title level={5}>{t('importWizard.preview.problems')}</Typography.Title>
      <Table<ImportProblem>
        size="small"
        rowKey={(problem, index) => `${problem.row}-${problem.column ?? ''}-${index}`}
        dataSource={preview.problems}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('importWizard.preview.noProblems') }}
        data-testid="preview-problems"
        columns={[
          { key: 'row', title: t('importWizard.preview.row'), dataIndex: 'row', width: 80 },
          { key: 'column', title: t('importWizard.preview.column'), render: (_, problem) => problem.column ?? fieldLabel(problem.field) },
          { key: 'message', title: t('importWizard.preview.message'), dataIndex: 'message' },
        ]}
      />
      {(preview.conflicts ?? 0) > 0 && (
        <>
          <Alert type="warning" showIcon title={t('importWizard.preview.conflictsNote', { count: preview.conflicts ?? 0 })} data-testid="preview-conflicts-note" />
          <Table<ImportConflict>
            size="small"
            rowKey={(conflict, index) => `${conflict.row}-${conflict.field}-${index}`}
            dataSource={conflicts}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="preview-conflicts"
            columns={[
              { key: 'row', title: t('importWizard.preview.row'), dataIndex: 'row', width: 80 },
              { key: 'target', title: t('importWizard.preview.conflictTarget'), dataIndex: 'target' },
              { key: 'field', title: t('importWizard.preview.conflictField'), render: (_, conflict) => fieldLabel(conflict.field) },
              { key: 'value', title: t('importWizard.preview.conflictValue'), dataIndex: 'value' },
              { key: 'existing', title: t('importWizard.preview.conflictExisting'), dataIndex: 'existing' },
            ]}
          />
          <Button href={conflictsUrl(job.id, 'csv')} icon={<FileTextOutlined />} data-testid="conflicts-csv" style={{ alignSelf: 'flex-start' }}>
            {t('importWizard.conflictsCsv')}
          </Button>
        </>
      )}
      <Space>
        <Button onClick={onBack} data-testid="import-back">
          {t('importWizard.back')}
        </Button>
        <Button type="primary" loading={starting} onClick={() => void start()} data-testid="import-run">
          {t('importWizard.run')}
        </Button>
      </Space>
    </Space>
  );
}
