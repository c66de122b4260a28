'use client';

import { InputNumber } from 'antd';
import type { WidgetProps } from '@rjsf/utils';

/**
 * A number or percentage with an optional suffix ("%"). The value is a number exactly as
 * typed: the input does not round to ui:options.precision (antd's precision would, silently,
 * on blur); a value with more decimals is refused by validation, which names the limit.
 */
export function DecimalWidget({ id, value, disabled, readonly, options, placeholder, onChange, onBlur, onFocus }: WidgetProps) {
  const precision = typeof options.precision === 'number' ? options.precision : undefined;
  const step = precision ? 10 ** -precision : 1;
  const suffix = typeof options.suffix === 'string' ? options.suffix : undefined;
  return (
    <InputNumber<number>
      id={id}
      value={typeof value === 'number' ? value : null}
      step={step}
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
