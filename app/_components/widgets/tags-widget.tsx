'use client';

import { Select } from 'antd';
import type { WidgetProps } from '@rjsf/utils';

/** Several options of a multi-select; the options come from the items schema's oneOf const/title. */
export function TagsWidget({ id, value, disabled, readonly, options, placeholder, onChange, onBlur, onFocus }: WidgetProps) {
  const choices = (options.enumOptions ?? []).map((option) => ({ value: String(option.value), label: option.label }));
  const selected = Array.isArray(value) ? value.map(String) : [];
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      allowClear
      value={selected}
      options={choices}
      disabled={disabled || readonly}
      placeholder={placeholder || undefined}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: '100%' }}
      onChange={(next) => onChange(next.length > 0 ? next : undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}
