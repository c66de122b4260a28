'use client';

import { InputNumber } from 'antd';
import type { WidgetProps } from '@rjsf/utils';
import { currencyScale } from '@/lib/fields/decimal';
import { useI18n } from '../i18n-provider';
import { currencySymbol, groupThousands, majorTextToMinor, minorToMajorText, ungroupThousands } from './money-units';

/**
 * An amount typed in major units beside the currency's sign (ui:options.currency, .scale),
 * stored as an integer of minor units: 12.34 yuan → 1234 fen, converted as decimal text.
 * The input never rounds what was typed: an amount with more decimals than the field keeps
 * stays as typed and the form says how many it keeps.
 */
export function MoneyWidget({ id, value, disabled, readonly, options, placeholder, onChange, onBlur, onFocus }: WidgetProps) {
  const { locale } = useI18n();
  const currency = typeof options.currency === 'string' && options.currency ? options.currency : 'CNY';
  const scale = typeof options.scale === 'number' ? options.scale : currencyScale(currency);
  // A value the widget could not convert (far too large) stays visible as typed, for validation to name.
  const shown = typeof value === 'number' ? minorToMajorText(value, scale) : typeof value === 'string' ? value : null;
  return (
    <InputNumber<string>
      id={id}
      stringMode
      value={shown}
      prefix={currencySymbol(currency, locale)}
      formatter={(text) => groupThousands(String(text ?? ''))}
      parser={(text) => ungroupThousands(text)}
      disabled={disabled || readonly}
      placeholder={placeholder}
      changeOnWheel={false}
      style={{ width: '100%' }}
      onChange={(text) => {
        if (text === null || text === '') return onChange(undefined);
        onChange(majorTextToMinor(text, scale) ?? text);
      }}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}
