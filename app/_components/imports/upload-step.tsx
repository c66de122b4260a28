'use client';

import { useState } from 'react';
import { Alert, Space, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n-provider';
import { uploadImportFile } from './import-api';
import type { ImportJob } from './import-types';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_BYTES = 200 * 1024 * 1024;

/**
 * Step 1: a CSV or XLSX file, dropped or chosen. A file the browser or the server refuses
 * leaves the page as it was, with the reason in the user's language.
 */
export function UploadStep({ entityKey, onUploaded }: { entityKey: string; onUploaded: (job: ImportJob) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(undefined)} data-testid="import-upload-error" />}
      <Upload.Dragger
        accept={ACCEPT}
        multiple={false}
        showUploadList={false}
        disabled={busy}
        data-testid="import-upload"
        beforeUpload={(file) => {
          if (!/\.(csv|xlsx)$/i.test(file.name)) {
            setError(t('importWizard.upload.wrongType', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          if (file.size > MAX_BYTES) {
            setError(t('importWizard.upload.tooLarge', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={async ({ file, onSuccess, onError }) => {
          setBusy(true);
          setError(undefined);
          try {
            const job = await uploadImportFile(entityKey, file as File);
            onSuccess?.(job);
            onUploaded(job);
          } catch (failure) {
            setError(t('importWizard.upload.failed', { message: (failure as Error).message }));
            onError?.(failure as Error);
          } finally {
            setBusy(false);
          }
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('importWizard.upload.drop')}</p>
        <Typography.Text type="secondary">{t('importWizard.upload.hint')}</Typography.Text>
      </Upload.Dragger>
    </Space>
  );
}
