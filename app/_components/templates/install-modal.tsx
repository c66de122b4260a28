'use client';

import { useState } from 'react';
import { Modal, Radio, Space, Typography, type ButtonProps } from 'antd';
import type { MessageKey } from '@/lib/i18n/messages';
import type { DemoLocale } from '@/lib/templates/template.types';
import { useI18n } from '../i18n-provider';

/** Confirms an install and asks whether to add demo data, and in which language. */
export function InstallModal({
  open,
  name,
  demo,
  busy,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  name: string;
  demo: DemoLocale[];
  busy: boolean;
  onCancel: () => void;
  onConfirm: (demo: DemoLocale | undefined) => void;
}) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<DemoLocale | 'none'>('none');
  return (
    <Modal
      open={open}
      title={t('templates.install.title', { name })}
      okText={t('templates.install')}
      okButtonProps={{ loading: busy, 'data-testid': 'template-install-confirm' } as ButtonProps}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => onConfirm(choice === 'none' ? undefined : choice)}
      afterClose={() => setChoice('none')}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('templates.install.help')}</Typography.Paragraph>
        {demo.length > 0 ? (
          <Radio.Group value={choice} onChange={(event) => setChoice(event.target.value)} data-testid="template-install-demo">
            <Space orientation="vertical">
              <Radio value="none">{t('templates.demo.none')}</Radio>
              {demo.map((locale) => (
                <Radio key={locale} value={locale} data-testid={`template-install-demo-${locale}`}>
                  {t(`templates.demo.${locale}` as MessageKey)}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        ) : null}
      </Space>
    </Modal>
  );
}
