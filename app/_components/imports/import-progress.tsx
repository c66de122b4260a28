'use client';

import { Progress, Space, Typography } from 'antd';
import { useI18n } from '../i18n-provider';
import type { ImportJob } from './import-types';

/** The run's progress bar: processed of total rows (100 % once the run is finished). */
export function ImportProgress({ job }: { job: ImportJob }) {
  const { t } = useI18n();
  const processed = job.progress?.processed ?? 0;
  const total = job.progress?.total ?? null;
  const finished = job.status !== 'running';
  const percent = finished && job.status !== 'failed' ? 100 : total ? Math.min(100, Math.floor((processed / total) * 100)) : 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Progress
        percent={percent}
        status={job.status === 'failed' ? 'exception' : finished ? 'success' : 'active'}
        data-testid="import-progress"
      />
      <Typography.Text type="secondary" data-testid="import-progress-text">
        {total !== null ? t('importWizard.progress', { processed, total }) : t('importWizard.progressUnknown', { processed })}
      </Typography.Text>
    </Space>
  );
}
