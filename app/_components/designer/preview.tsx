'use client';

import { useState } from 'react';
import { App, Button, Card, Space, Typography } from 'antd';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { useI18n } from '../i18n-provider';
import { RecordFormBoundary, RecordFormFields } from '../record-form';

/** The form as staff will see it (the same renderer), in the current language; nothing typed here is stored. */
export function Preview({ def }: { def: EntityDefinition }) {
  const { t, text } = useI18n();
  const { message } = App.useApp();
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  return (
    <Card size="small" title={t('record.new', { entity: text(def.label) || def.key })} style={{ maxWidth: 880 }} data-testid="designer-preview">
      <Typography.Paragraph type="secondary">{t('designer.preview.hint')}</Typography.Paragraph>
      {/* A definition mid-edit may not render (an empty option list); the next edit retries. */}
      <RecordFormBoundary resetKey={def} message={(error) => `${t('designer.preview.failed')}: ${error.message}`}>
        <RecordFormFields def={def} formData={formData} onChange={setFormData} onSubmit={() => message.success(t('designer.preview.valid'))}>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="designer-preview-check">
              {t('designer.preview.check')}
            </Button>
            <Button data-testid="designer-preview-reset" onClick={() => setFormData({})}>
              {t('designer.preview.reset')}
            </Button>
          </Space>
        </RecordFormFields>
      </RecordFormBoundary>
    </Card>
  );
}
