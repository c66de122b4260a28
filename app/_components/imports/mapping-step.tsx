'use client';

import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Form, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useI18n } from '../i18n-provider';
import { saveImportSettings, validateImport, type ImportSettings } from './import-api';
import type { DedupeMode, ImportJob } from './import-types';

const SKIP = '__skip';

interface MappingRow {
  index: number;
  column: string;
  samples: string[];
}

/** The first few non-empty values of a column in the file's sample rows. */
function samplesOf(job: ImportJob, index: number): string[] {
  return job.sample.map((row) => row[index] ?? '').filter((value) => value.trim() !== '').slice(0, 3);
}

/** Which problems a mapping has: required fields without a column, fields with several. */
export function mappingProblems(job: ImportJob, mapping: (string | null)[]) {
  const missing = job.fields.filter((field) => field.required && !mapping.includes(field.key));
  const twice = job.fields.filter((field) => mapping.filter((key) => key === field.key).length > 1);
  return { missing, twice, empty: mapping.every((key) => key === null) };
}

/**
 * Step 2: each column of the file with sample values and the field it goes to (pre-filled by
 * the server's automatic mapping), how duplicates are found and handled, and whether
 * automations run. "Check" saves the settings and starts the validation.
 */
export function MappingStep({ job, onValidating }: { job: ImportJob; onValidating: () => void }) {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const [settings, setSettings] = useState<ImportSettings>(() => ({
    mapping: job.columns.map((_, index) => job.mapping[index] ?? null),
    dedupe: { fields: job.dedupe?.fields ?? [], mode: job.dedupe?.mode ?? 'skip' },
    triggerWorkflows: job.triggerWorkflows ?? false,
  }));
  const [saving, setSaving] = useState(false);
  const problems = mappingProblems(job, settings.mapping);
  const labelOf = (key: string) => text(job.fields.find((field) => field.key === key)?.label) || key;
  const options = useMemo(
    () => [
      { value: SKIP, label: t('importWizard.mapping.skip') },
      ...job.fields.map((field) => ({ value: field.key, label: `${text(field.label) || field.key}${field.required ? ' *' : ''}` })),
    ],
    [job.fields, t, text],
  );

  const setMapping = (index: number, key: string) =>
    setSettings((prev) => ({ ...prev, mapping: prev.mapping.map((current, at) => (at === index ? (key === SKIP ? null : key) : current)) }));

  async function check() {
    setSaving(true);
    try {
      await saveImportSettings(job.id, settings);
      await validateImport(job.id);
      onValidating();
    } catch (failure) {
      message.error((failure as Error).message);
    } finally {
      setSaving(false);
    }
  }

  const rows: MappingRow[] = job.columns.map((column, index) => ({ index, column, samples: samplesOf(job, index) }));
  const columns: TableColumnsType<MappingRow> = [
    { key: 'column', title: t('importWizard.mapping.column'), render: (_, row) => <Typography.Text strong>{row.column}</Typography.Text> },
    {
      key: 'samples',
      title: t('importWizard.mapping.samples'),
      render: (_, row) => (
        <Space size={[4, 4]} wrap>
          {row.samples.map((sample, at) => (
            <Tag key={at}>{sample.length > 40 ? `${sample.slice(0, 40)}…` : sample}</Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'field',
      title: t('importWizard.mapping.field'),
      width: 260,
      render: (_, row) => {
        const key = settings.mapping[row.index];
        const clash = key !== null && problems.twice.some((field) => field.key === key);
        return (
          <Select
            value={key ?? SKIP}
            options={options}
            onChange={(value) => setMapping(row.index, value)}
            status={clash ? 'error' : undefined}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 240 }}
            aria-label={row.column}
            data-testid={`mapping-${row.index}`}
          />
        );
      },
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {problems.missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="mapping-missing-required"
          title={t('importWizard.mapping.missingRequired', { fields: problems.missing.map((field) => text(field.label) || field.key).join(', ') })}
        />
      )}
      {problems.twice.length > 0 && (
        <Alert type="error" showIcon title={t('importWizard.mapping.duplicateTarget', { fields: problems.twice.map((field) => labelOf(field.key)).join(', ') })} />
      )}
      <Table<MappingRow> rowKey="index" size="small" columns={columns} dataSource={rows} pagination={false} data-testid="mapping-table" />
      <Card size="small" title={t('importWizard.dedupe.title')}>
        <Form layout="vertical">
          <Form.Item label={t('importWizard.dedupe.fields')}>
            <Select
              mode="multiple"
              allowClear
              value={settings.dedupe.fields}
              placeholder={t('importWizard.dedupe.fieldsPlaceholder')}
              options={job.fields.map((field) => ({ value: field.key, label: text(field.label) || field.key }))}
              onChange={(fields: string[]) => setSettings((prev) => ({ ...prev, dedupe: { ...prev.dedupe, fields } }))}
              data-testid="dedupe-fields"
            />
          </Form.Item>
          <Form.Item label={t('importWizard.dedupe.mode')}>
            <Radio.Group
              value={settings.dedupe.mode}
              disabled={settings.dedupe.fields.length === 0}
              onChange={(event) => setSettings((prev) => ({ ...prev, dedupe: { ...prev.dedupe, mode: event.target.value as DedupeMode } }))}
              data-testid="dedupe-mode"
              options={(['skip', 'update', 'create'] as const).map((mode) => ({ value: mode, label: t(`importWizard.dedupe.${mode}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('importWizard.triggerWorkflows')} extra={t('importWizard.triggerWorkflowsHint')} style={{ marginBottom: 0 }}>
            <Switch
              checked={settings.triggerWorkflows}
              onChange={(triggerWorkflows) => setSettings((prev) => ({ ...prev, triggerWorkflows }))}
              data-testid="trigger-workflows"
            />
          </Form.Item>
        </Form>
      </Card>
      <Space>
        <Button type="primary" loading={saving} disabled={problems.twice.length > 0 || problems.empty} onClick={() => void check()} data-testid="import-validate">
          {t('importWizard.validate')}
        </Button>
        {problems.empty && <Typography.Text type="secondary">{t('importWizard.mapping.nothingMapped')}</Typography.Text>}
      </Space>
    </Space>
  );
}
