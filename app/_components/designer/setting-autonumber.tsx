'use client';

import { Form, Input, InputNumber, Select, Typography } from 'antd';
import type { AutoNumberSettings } from '@/lib/fields/field.types';
import { autoNumberPeriod, formatAutoNumber } from '@/lib/fields/types/autonumber';
import { useI18n } from '../i18n-provider';
import type { SettingProps } from './designer-types';

const DATE_FORMATS: AutoNumberSettings['dateFormat'][] = ['', 'YYYY', 'YYYYMM', 'YYYYMMDD'];
const DEFAULTS: AutoNumberSettings = { prefix: '', dateFormat: 'YYYYMMDD', digits: 4 };

/** The seventh number of today, formatted by the server's own code: SO-20261123-0007. */
export function autonumberPreview(settings: AutoNumberSettings, now = new Date()): string {
  return formatAutoNumber(settings, autoNumberPeriod(settings, now), 7);
}

export function AutonumberSetting({ field, onChange }: SettingProps) {
  const { t } = useI18n();
  const settings = { ...DEFAULTS, ...field.autonumber };
  const set = (part: Partial<AutoNumberSettings>) => onChange({ autonumber: { ...settings, ...part } });
  return (
    <>
      <Form.Item label={t('designer.setting.autonumberPrefix')}>
        <Input value={settings.prefix} placeholder="SO" data-testid="designer-setting-autonumber-prefix" onChange={(event) => set({ prefix: event.target.value })} />
      </Form.Item>
      <Form.Item label={t('designer.setting.autonumberDate')} extra={t('designer.setting.autonumberDateHelp')}>
        <Select
          value={settings.dateFormat}
          data-testid="designer-setting-autonumber-dateFormat"
          options={DATE_FORMATS.map((format) => ({ value: format, label: format || t('designer.setting.autonumberNoDate') }))}
          onChange={(dateFormat) => set({ dateFormat })}
        />
      </Form.Item>
      <Form.Item label={t('designer.setting.autonumberDigits')}>
        <InputNumber
          min={1}
          max={12}
          precision={0}
          style={{ width: '100%' }}
          value={settings.digits}
          data-testid="designer-setting-autonumber-digits"
          onChange={(digits) => set({ digits: digits ?? DEFAULTS.digits })}
        />
      </Form.Item>
      <Form.Item label={t('designer.setting.autonumberPreview')}>
        <Typography.Text code data-testid="designer-autonumber-preview">
          {autonumberPreview(settings)}
        </Typography.Text>
      </Form.Item>
    </>
  );
}
