'use client';

import { InputNumber } from 'antd';
import type { WidgetProps } from '@rjsf/utils';

/** A number or percentage: ui:options.precision decimals, an optional suffix ("%"). The value is a number. */
export function DecimalWidget({ id, value, disabled, readonly, options, placeholder, onChange, onBlur, onFocus }: WidgetProps) {
  const precision = typeof options.precision === 'number' ? options.precision : undefined;
  const suffix = typeof options.suffix === 'string' ? options.suffix : undefined;
  return (
    <InputNumber<number>
      id={id}
      value={typeof value === 'number' ? value : null}
      precision={precision}
      suffix={suffix}
      disabled={disabled || readonly}
      placeholder={placeholder}
      changeOnWheel={false}
      style={{ width: '100%' }}
      onChange={(next) => onChange(typeof next === 'number' ? next : undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}
