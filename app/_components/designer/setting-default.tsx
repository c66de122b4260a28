'use client';

import useSWR from 'swr';
import dayjs from 'dayjs';
import { DatePicker, Form, Input, InputNumber, Select, Switch } from 'antd';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { moneyFromText, moneyToDecimalText } from '@/lib/fields/types/money';
import { useI18n } from '../i18n-provider';
import type { SettingProps } from './designer-types';

const TESTID = 'designer-setting-default';

function UserDefault({ value, onChange }: { value: unknown; onChange: (value: unknown) => void }) {
  const { data } = useSWR<{ id: string; name: string; email: string }[]>('/api/users/lookup?q=');
  return (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      value={typeof value === 'string' ? value : undefined}
      data-testid={TESTID}
      options={(data ?? []).map((user) => ({ value: user.id, label: `${user.name} <${user.email}>` }))}
      onChange={(id) => onChange(id)}
    />
  );
}

/** The value input of one type, storing what the API stores (money in minor units, dates as text). */
function DefaultInput({ field, value, onChange }: { field: FieldDefinition; value: unknown; onChange: (value: unknown) => void }) {
  const { text } = useI18n();
  const options = (field.options ?? []).map((option) => ({ value: option.value, label: text(option.label) || option.value }));
  switch (field.type) {
    case 'boolean':
      return <Switch checked={value === true} data-testid={TESTID} onChange={(checked) => onChange(checked || undefined)} />;
    case 'select':
      return <Select allowClear value={value as string | undefined} options={options} data-testid={TESTID} onChange={onChange} />;
    case 'multiselect':
      return <Select mode="multiple" allowClear value={(value as string[] | undefined) ?? []} options={options} data-testid={TESTID} onChange={(v: string[]) => onChange(v.length ? v : undefined)} />;
    case 'number':
    case 'percent':
      return <InputNumber style={{ width: '100%' }} value={typeof value === 'number' ? value : null} data-testid={TESTID} onChange={(v) => onChange(v ?? undefined)} />;
    case 'money':
      return (
        <Input
          key={String(value)}
          defaultValue={typeof value === 'number' ? moneyToDecimalText(value, field) : ''}
          suffix={field.currency ?? 'CNY'}
          data-testid={TESTID}
          // Committed on blur: a half-typed "12." has no exact minor-unit value yet.
          onBlur={(event) => onChange(event.target.value.trim() ? (moneyFromText(event.target.value, field) ?? undefined) : undefined)}
        />
      );
    case 'date':
      return <DatePicker style={{ width: '100%' }} value={typeof value === 'string' && value ? dayjs(value) : null} data-testid={TESTID} onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)} />;
    case 'datetime':
      return <DatePicker showTime style={{ width: '100%' }} value={typeof value === 'string' && value ? dayjs(value) : null} data-testid={TESTID} onChange={(d) => onChange(d ? d.toISOString() : undefined)} />;
    case 'user':
      return <UserDefault value={value} onChange={onChange} />;
    default:
      return <Input value={typeof value === 'string' ? value : ''} data-testid={TESTID} onChange={(event) => onChange(event.target.value || undefined)} />;
  }
}

export function DefaultSetting({ field, onChange }: SettingProps) {
  const { t } = useI18n();
  return (
    <Form.Item label={t('designer.setting.default')}>
      <DefaultInput field={field} value={field.default} onChange={(value) => onChange({ default: value })} />
    </Form.Item>
  );
}
