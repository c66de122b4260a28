'use client';

import { DatePicker } from 'antd';
import type { WidgetProps } from '@rjsf/utils';
import { parseDay } from '@/lib/fields/dates';

/** A calendar day, stored as "YYYY-MM-DD". */
export function DayWidget({ id, value, disabled, readonly, placeholder, onChange, onBlur, onFocus }: WidgetProps) {
  return (
    <DatePicker
      id={id}
      value={parseDay(value)}
      format="YYYY-MM-DD"
      disabled={disabled || readonly}
      placeholder={placeholder || undefined}
      style={{ width: '100%' }}
      onChange={(day) => onChange(day ? day.format('YYYY-MM-DD') : undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}
