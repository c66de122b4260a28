'use client';

import { useState } from 'react';
import { Alert, Checkbox, Input, Modal, Space, Typography, type ButtonProps } from 'antd';
import { useI18n } from '../i18n-provider';

/** Uninstalling keeps the records unless the admin ticks the box and types the template key. */
export function UninstallModal({
  open,
  name,
  templateKey,
  busy,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  name: string;
  templateKey: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (options: { deleteRecords: boolean; confirm?: string }) => void;
}) {
  const { t } = useI18n();
  const [deleteRecords, setDeleteRecords] = useState(false);
  const [typed, setTyped] = useState('');
  const canConfirm = !deleteRecords || typed === templateKey;
  return (
    <Modal
      open={open}
      title={t('templates.uninstall.title', { name })}
      okText={t('templates.uninstall')}
      okButtonProps={{ danger: true, disabled: !canConfirm, loading: busy, 'data-testid': 'template-uninstall-confirm' } as ButtonProps}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => onConfirm(deleteRecords ? { deleteRecords: true, confirm: typed } : { deleteRecords: false })}
      afterClose={() => {
        setDeleteRecords(false);
        setTyped('');
      }}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('templates.uninstall.help')}</Typography.Paragraph>
        <Checkbox checked={deleteRecords} onChange={(event) => setDeleteRecords(event.target.checked)} data-testid="template-uninstall-delete">
          {t('templates.uninstall.deleteRecords')}
        </Checkbox>
        {deleteRecords ? (
          <>
            <Alert type="error" showIcon message={t('templates.uninstall.confirm', { key: templateKey })} />
            <Input value={typed} onChange={(event) => setTyped(event.target.value)} placeholder={templateKey} data-testid="template-uninstall-key" />
          </>
        ) : null}
      </Space>
    </Modal>
  );
}
