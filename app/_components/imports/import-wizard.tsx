'use client';

import { useState } from 'react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import useSWR from 'swr';
import { Alert, Button, Card, Descriptions, Space, Steps, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n-provider';
import { useEntity } from '../use-entity';
import { ImportHistory } from './import-history';
import { ImportProgress } from './import-progress';
import { ImportStatusTag } from './import-status-tag';
import { MappingStep } from './mapping-step';
import { PreviewStep } from './preview-step';
import { ResultStep } from './result-step';
import { BUSY, type ImportJob } from './import-types';
import { UploadStep } from './upload-step';

/** Which step an import's status shows; `editing` is the way back from the check to the mapping. */
function stepOf(job: ImportJob | undefined, editing: boolean): number {
  if (!job) return 0;
  if (job.status === 'uploaded' || (editing && (job.status === 'validated' || job.status === 'failed'))) return 1;
  if (job.status === 'validating' || job.status === 'validated') return 2;
  if (job.status === 'running') return 3;
  return 4;
}

/**
 * The import wizard of an entity: upload, map columns, check, run with a live progress bar,
 * result. The import's id lives in the URL (?id=), so a reload or a link from the history
 * opens the same import at the step its status has reached.
 */
export function ImportWizard({ entityKey }: { entityKey: string }) {
  const { t, text } = useI18n();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const id = params.get('id');
  const tab = params.get('tab') === 'history' ? 'history' : 'new';
  const { data: def } = useEntity(entityKey);
  const [editing, setEditing] = useState(false);
  const { data: job, error, mutate } = useSWR<ImportJob>(id ? `/api/imports/${id}` : null, {
    // Poll about twice a second while a background job works on it.
    refreshInterval: (latest) => (latest && BUSY.includes(latest.status) ? 500 : 0),
  });
  const current = id && job?.id === id ? job : undefined;
  const step = stepOf(current, editing);

  const go = (next: { id?: string; tab?: string }) => {
    const search = new URLSearchParams();
    if (next.id) search.set('id', next.id);
    if (next.tab) search.set('tab', next.tab);
    router.replace(search.size > 0 ? `${pathname}?${search}` : pathname, { scroll: false });
  };
  const refresh = () => void mutate();

  const steps = ['upload', 'mapping', 'preview', 'run', 'result'] as const;
  const wizard = (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Steps current={step} items={steps.map((key) => ({ title: t(`importWizard.step.${key}`) }))} data-testid="import-steps" />
      {id && error && <Alert type="error" showIcon title={error.status === 404 ? t('importWizard.notFound') : error.message} />}
      {current && (
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('importWizard.upload.file')}>
            <Typography.Text data-testid="import-file-name">{current.fileName}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('importWizard.history.status')}>
            <ImportStatusTag status={current.status} />
          </Descriptions.Item>
          <Descriptions.Item label="">
            {t('importWizard.upload.details', { format: current.format.toUpperCase(), encoding: current.encoding.toUpperCase(), columns: current.columns.length })}
          </Descriptions.Item>
        </Descriptions>
      )}
      {step === 0 && !(id && !error) && (
        <UploadStep
          entityKey={entityKey}
          onUploaded={(uploaded) => {
            setEditing(false);
            void mutate(uploaded, { revalidate: false });
            go({ id: uploaded.id });
          }}
        />
      )}
      {step === 1 && current && (
        <MappingStep
          key={current.id}
          job={current}
          onValidating={() => {
            setEditing(false);
            refresh();
          }}
        />
      )}
      {step === 2 && current && <PreviewStep job={current} onBack={() => setEditing(true)} onStarted={refresh} />}
      {step === 3 && current && <ImportProgress job={current} />}
      {step === 4 && current && <ResultStep job={current} onChanged={refresh} onAnother={() => go({})} onEdit={() => setEditing(true)} />}
    </Space>
  );

  return (
    <Card
      title={t('importWizard.title', { entity: def ? text(def.label) : entityKey })}
      extra={
        <Link prefetch={false} href={`/records/${entityKey}`}>
          <Button icon={<ArrowLeftOutlined />}>{t('importWizard.backToList')}</Button>
        </Link>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => go(key === 'history' ? { tab: 'history' } : { id: id ?? undefined })}
        items={[
          { key: 'new', label: t('importWizard.tabNew'), children: wizard },
          { key: 'history', label: t('importWizard.tabHistory'), children: <ImportHistory entityKey={entityKey} /> },
        ]}
      />
    </Card>
  );
}
