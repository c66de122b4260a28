'use client';

import { Form, InputNumber, Select } from 'antd';
import type { AttachmentSettings } from '@/lib/fields/field.types';
import { DEFAULT_ATTACHMENT_SETTINGS } from '@/lib/fields/types/attachment';
import { useI18n } from '../i18n-provider';
import type { SettingProps } from './designer-types';

const COMMON_TYPES = ['image/*', '.pdf', '.doc', '.docx', '.xls', '.xlsx', '.ppt', '.pptx', '.zip', '.txt', '.csv'];

export function AttachmentSetting({ field, onChange }: SettingProps) {
  const { t } = useI18n();
  const settings: AttachmentSettings = { ...DEFAULT_ATTACHMENT_SETTINGS, ...field.attachment };
  const set = (part: Partial<AttachmentSettings>) => onChange({ attachment: { ...settings, ...part } });
  return (
    <>
      <Form.Item label={t('designer.setting.attachmentMaxSize')}>
        <InputNumber
          min={1}
          max={1024}
          precision={0}
          suffix="MB"
          style={{ width: '100%' }}
          value={settings.maxSizeMB}
          data-testid="designer-setting-attachment-maxSizeMB"
          onChange={(maxSizeMB) => set({ maxSizeMB: maxSizeMB ?? DEFAULT_ATTACHMENT_SETTINGS.maxSizeMB })}
        />
      </Form.Item>
      <Form.Item label={t('designer.setting.attachmentAccept')} extra={t('designer.setting.attachmentAcceptHelp')}>
        <Select
          mode="tags"
          value={settings.accept}
          data-testid="designer-setting-attachment-accept"
          options={COMMON_TYPES.map((type) => ({ value: type, label: type }))}
          onChange={(accept: string[]) => set({ accept: accept.map((item) => item.trim()).filter(Boolean) })}
        />
      </Form.Item>
      <Form.Item label={t('designer.setting.attachmentMaxFiles')}>
        <InputNumber
          min={1}
          max={100}
          precision={0}
          style={{ width: '100%' }}
          value={settings.maxFiles}
          data-testid="designer-setting-attachment-maxFiles"
          onChange={(maxFiles) => set({ maxFiles: maxFiles ?? DEFAULT_ATTACHMENT_SETTINGS.maxFiles })}
        />
      </Form.Item>
    </>
  );
}
