'use client';

import { DatePicker } from 'antd';
import type { WidgetProps } from '@rjsf/utils';
import { parseMoment } from '@/lib/fields/dates';

/** A date and time picked in the reader's zone, stored as UTC ISO text ("…Z"). */
export function MomentWidget({ id, value, disabled, readonly, placeholder, onChange, onBlur, onFocus }: WidgetProps) {
  const moment = typeof value === 'string' ? parseMoment(value) : null;
  return (
    <DatePicker
      id={id}
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      value={moment}
      disabled={disabled || readonly}
      placeholder={placeholder || undefined}
      style={{ width: '100%' }}
      onChange={(picked) => onChange(picked ? picked.second(0).millisecond(0).toISOString() : undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}
