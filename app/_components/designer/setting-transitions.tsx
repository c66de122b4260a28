'use client';

import { Form, Select, Space, Switch, Tag, Typography } from 'antd';
import { useI18n } from '../i18n-provider';
import type { SettingProps } from './designer-types';

/**
 * Which values a select may change to from each of its values (an order's status: draft →
 * confirmed → shipped). Off: any change. On: per option, a multi-select of the others; an
 * option with none is final.
 */
export function TransitionsSetting({ field, onChange }: SettingProps) {
  const { t, text } = useI18n();
  const options = field.options ?? [];
  const transitions = field.transitions;
  const labelOf = (value: string) => text(options.find((option) => option.value === value)?.label) || value;
  const setTargets = (from: string, targets: string[]) => {
    const next = { ...transitions };
    if (targets.length > 0) next[from] = targets;
    else delete next[from];
    onChange({ transitions: next });
  };

  return (
    <Form.Item label={t('designer.setting.transitions')} extra={t('designer.setting.transitionsHelp')}>
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="designer-setting-transitions">
        <Space>
          <Switch
            checked={transitions !== undefined}
            data-testid="designer-setting-transitions-enable"
            onChange={(on) => onChange({ transitions: on ? {} : undefined })}
          />
          <Typography.Text>{t('designer.transitions.enable')}</Typography.Text>
        </Space>
        {transitions !== undefined &&
          options
            .filter((option) => option.value)
            .map((option) => (
              <div key={option.value} data-testid={`designer-transitions-${option.value}`}>
                <Tag color={option.color}>{labelOf(option.value)}</Tag> →
                <Select
                  mode="multiple"
                  allowClear
                  style={{ width: '100%', marginTop: 4 }}
                  placeholder={t('designer.transitions.final')}
                  value={(transitions[option.value] ?? []).filter((to) => options.some((candidate) => candidate.value === to))}
                  options={options.filter((other) => other.value && other.value !== option.value).map((other) => ({ value: other.value, label: labelOf(other.value) }))}
                  data-testid={`designer-transitions-${option.value}-to`}
                  onChange={(targets: string[]) => setTargets(option.value, targets)}
                />
              </div>
            ))}
      </Space>
    </Form.Item>
  );
}
