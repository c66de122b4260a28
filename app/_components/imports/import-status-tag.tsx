'use client';

import { Tag } from 'antd';
import { useI18n } from '../i18n-provider';
import type { ImportStatus } from './import-types';

const COLORS: Record<ImportStatus, string> = {
  uploaded: 'default',
  validating: 'processing',
  validated: 'blue',
  running: 'processing',
  done: 'success',
  failed: 'error',
  undoing: 'warning',
  undone: 'default',
};

export function ImportStatusTag({ status }: { status: ImportStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-testid="import-status">
      {t(`importWizard.status.${status}`)}
    </Tag>
  );
}
