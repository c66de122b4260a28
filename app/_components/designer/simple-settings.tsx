'use client';

import { Form, Input, InputNumber, Select, Switch } from 'antd';
import { currencyScale, MAX_MONEY_SCALE } from '@/lib/fields/decimal';
import { moneyScale } from '@/lib/fields/types/money';
import { useI18n } from '../i18n-provider';
import type { SettingProps } from './designer-types';

type NumericSetting = 'minLength' | 'maxLength' | 'min' | 'max' | 'precision' | 'rows';

function NumberSetting({ name, field, onChange, min, max }: SettingProps & { name: NumericSetting; min?: number; max?: number }) {
  const { t } = useI18n();
  // Money limits are stored in minor units (fen) like money values; admins type yuan.
  const scale = field.type === 'money' && (name === 'min' || name === 'max') ? moneyScale(field) : 0;
  const factor = 10 ** scale;
  const stored = field[name];
  return (
    <Form.Item label={t(`designer.setting.${name}`)} extra={scale ? t('designer.setting.inCurrency', { currency: field.currency ?? 'CNY' }) : name === 'precision' ? t('designer.setting.precisionHelp') : undefined}>
      <InputNumber
        style={{ width: '100%' }}
        value={stored === undefined ? null : stored / factor}
        min={min}
        max={max}
        precision={name === 'min' || name === 'max' ? undefined : 0}
        data-testid={`designer-setting-${name}`}
        onChange={(value) => onChange({ [name]: value === null ? undefined : scale ? Math.round(value * factor) : value })}
      />
    </Form.Item>
  );
}

export const MinLengthSetting = (props: SettingProps) => <NumberSetting {...props} name="minLength" min={0} />;
export const MaxLengthSetting = (props: SettingProps) => <NumberSetting {...props} name="maxLength" min={1} />;
export const MinSetting = (props: SettingProps) => <NumberSetting {...props} name="min" />;
export const MaxSetting = (props: SettingProps) => <NumberSetting {...props} name="max" />;
export const PrecisionSetting = (props: SettingProps) => <NumberSetting {...props} name="precision" min={0} max={10} />;
export const RowsSetting = (props: SettingProps) => <NumberSetting {...props} name="rows" min={1} max={30} />;

function patternError(pattern: string | undefined): string | null {
  if (!pattern) return null;
  try {
    new RegExp(pattern, 'u');
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export function PatternSetting({ field, onChange }: SettingProps) {
  const { t } = useI18n();
  const error = patternError(field.pattern);
  return (
    <Form.Item label={t('designer.setting.pattern')} validateStatus={error ? 'error' : undefined} help={error ?? t('designer.setting.patternHelp')}>
      <Input
        value={field.pattern ?? ''}
        placeholder="^[A-Z]{2}\d{6}$"
        style={{ fontFamily: 'monospace' }}
        data-testid="designer-setting-pattern"
        onChange={(event) => onChange({ pattern: event.target.value || undefined })}
      />
    </Form.Item>
  );
}

export function UniqueSetting({ field, onChange }: SettingProps) {
  const { t } = useI18n();
  return (
    <Form.Item label={t('designer.setting.unique')} extra={t('designer.setting.uniqueHelp')}>
      <Switch checked={Boolean(field.unique)} data-testid="designer-setting-unique" onChange={(unique) => onChange({ unique: unique || undefined })} />
    </Form.Item>
  );
}

export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP', 'TWD', 'SGD', 'KRW', 'AUD', 'CAD', 'CHF'];

export function CurrencySelect({ value, onChange, testid }: { value: string | undefined; onChange: (value: string) => void; testid: string }) {
  const { locale } = useI18n();
  const names = new Intl.DisplayNames(locale, { type: 'currency' });
  return (
    <Select
      showSearch
      value={value ?? 'CNY'}
      data-testid={testid}
      options={CURRENCIES.map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }))}
      onChange={onChange}
    />
  );
}

/** Decimals a money field keeps: empty means the currency's minor unit. */
export function ScaleSetting({ field, onChange }: SettingProps) {
  const { t } = useI18n();
  const own = currencyScale(field.currency);
  return (
    <Form.Item label={t('designer.setting.scale')} extra={t('designer.setting.scaleHelp', { decimals: own, max: MAX_MONEY_SCALE })}>
      <InputNumber
        style={{ width: '100%' }}
        value={field.scale ?? null}
        min={0}
        max={MAX_MONEY_SCALE}
        precision={0}
        placeholder={String(own)}
        data-testid="designer-setting-scale"
        onChange={(value) => onChange({ scale: value === null ? undefined : value })}
      />
    </Form.Item>
  );
}

export function CurrencySetting({ field, onChange }: SettingProps) {
  const { t } = useI18n();
  return (
    <Form.Item label={t('designer.setting.currency')}>
      <CurrencySelect value={field.currency} testid="designer-setting-currency" onChange={(currency) => onChange({ currency })} />
    </Form.Item>
  );
}
