'use client';

import { Select } from 'antd';
import type { WidgetProps } from '@rjsf/utils';
import { useI18n } from '../i18n-provider';

/**
 * One option of a single select (the options come from the schema's oneOf const/title). It
 * starts empty unless the definition sets a default, and an optional one clears in one click
 * (the × in the box): the form saves only what someone chose.
 */
export function ChoiceWidget({ id, value, required, disabled, readonly, options, placeholder, onChange, onBlur, onFocus }: WidgetProps) {
  const { t } = useI18n();
  const choices = (options.enumOptions ?? []).map((option) => ({ value: String(option.value), label: option.label }));
  const selected = typeof value === 'string' && value !== '' ? value : undefined;
  return (
    <Select<string>
      id={id}
      allowClear={!required}
      value={selected}
      options={choices}
      disabled={disabled || readonly}
      placeholder={placeholder || t('form.selectPlaceholder')}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: '100%' }}
      onChange={(next) => onChange(next === undefined || next === null || next === '' ? undefined : next)}
      onClear={() => onChange(undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}
