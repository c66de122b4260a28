'use client';

import dayjs from 'dayjs';
import { DatePicker, Input, InputNumber, Select, Switch } from 'antd';
import type { FieldDefinition, FieldTypeKey } from '@/lib/fields/field.types';
import { formulaResultField } from '@/lib/fields/types/formula';
import { useI18n } from '../i18n-provider';
import { RecordPicker, UserPicker } from './pickers';

export interface ValueInputProps {
  field: FieldDefinition;
  value: unknown;
  onChange: (value: unknown) => void;
  /** A filter compares days and takes money in major units; an edit stores the full value. */
  purpose: 'filter' | 'edit';
  multiple?: boolean;
  testId?: string;
}

type InputRenderer = (props: ValueInputProps) => React.ReactNode;

const asString = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
const asDay = (value: unknown) => (typeof value === 'string' && value ? dayjs(value) : null);

const numberInput: InputRenderer = ({ value, onChange, testId, field }) => (
  <InputNumber
    data-testid={testId}
    value={typeof value === 'number' ? value : null}
    precision={field.type === 'number' || field.type === 'percent' ? field.precision : undefined}
    suffix={field.type === 'percent' ? '%' : undefined}
    onChange={(next) => onChange(next ?? undefined)}
    style={{ width: '100%', minWidth: 120 }}
  />
);

/** Typed in major units (yuan, dollars) and sent as a decimal string, which the API converts exactly. */
const moneyInput: InputRenderer = ({ value, onChange, testId, field }) => (
  <InputNumber<string>
    data-testid={testId}
    stringMode
    prefix={field.currency ?? 'CNY'}
    value={asString(value) ?? null}
    onChange={(next) => onChange(next ?? undefined)}
    style={{ width: '100%', minWidth: 140 }}
  />
);

const dayInput: InputRenderer = ({ value, onChange, testId }) => (
  <DatePicker data-testid={testId} value={asDay(value)} onChange={(day) => onChange(day ? day.format('YYYY-MM-DD') : undefined)} />
);

// Filters on a date-time compare whole days; edits set a moment, stored in UTC.
const momentInput: InputRenderer = (props) =>
  props.purpose === 'filter' ? (
    dayInput(props)
  ) : (
    <DatePicker
      data-testid={props.testId}
      showTime
      value={asDay(props.value)}
      onChange={(moment) => props.onChange(moment ? moment.toISOString() : undefined)}
    />
  );

function OptionInput({ field, value, onChange, multiple, testId, purpose }: ValueInputProps) {
  const { text } = useI18n();
  // A value only an action sets is not offered for editing (a bulk edit would be refused record by record).
  const editable = (option: { onlyByAction?: string }) => purpose !== 'edit' || !option.onlyByAction;
  return (
    <Select
      data-testid={testId}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      value={value as string | string[] | undefined}
      options={(field.options ?? []).map((option) => ({ value: option.value, label: text(option.label), disabled: !editable(option) }))}
      onChange={(next) => onChange(next ?? undefined)}
      style={{ minWidth: 160, width: '100%' }}
    />
  );
}

const INPUTS: Partial<Record<FieldTypeKey, InputRenderer>> = {
  number: numberInput,
  percent: numberInput,
  money: moneyInput,
  date: dayInput,
  datetime: momentInput,
  boolean: ({ value, onChange, testId }) => <Switch data-testid={testId} checked={value === true} onChange={onChange} />,
  select: (props) => <OptionInput {...props} />,
  multiselect: (props) => <OptionInput {...props} multiple />,
  relation: ({ field, value, onChange, multiple, testId }) => (
    <RecordPicker entity={field.relation?.entity ?? ''} value={value as string[]} onChange={onChange} multiple={multiple} testId={testId} />
  ),
  user: ({ value, onChange, multiple, testId }) => <UserPicker value={value as string[]} onChange={onChange} multiple={multiple} testId={testId} />,
  textarea: ({ value, onChange, purpose, testId }) =>
    purpose === 'edit' ? (
      <Input.TextArea data-testid={testId} value={asString(value)} onChange={(event) => onChange(event.target.value)} rows={3} />
    ) : undefined,
};

/** One value of a field, as a filter condition or a bulk edit needs it. */
export function ValueInput(props: ValueInputProps) {
  const field = props.field.type === 'formula' ? formulaResultField(props.field) : props.field;
  const rendered = INPUTS[field.type]?.({ ...props, field });
  if (rendered !== undefined) return <>{rendered}</>;
  return (
    <Input data-testid={props.testId} value={asString(props.value)} onChange={(event) => props.onChange(event.target.value)} style={{ minWidth: 160 }} />
  );
}
