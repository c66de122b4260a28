'use client';

import { Button, Form, Input, Select, Space, Tag } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { SelectOption } from '@/lib/fields/field.types';
import { useI18n } from '../i18n-provider';
import type { SettingProps } from './designer-types';
import { newOption } from './field-factory';

const COLORS = ['default', 'blue', 'green', 'gold', 'orange', 'red', 'magenta', 'purple', 'geekblue', 'cyan', 'lime', 'volcano'];

/**
 * Options of a select: value, label in both languages, colour. Values of published options
 * are what records store, so they are read-only; renaming one means editing its labels.
 */
export function OptionsSetting({ field, onChange, ctx }: SettingProps) {
  const { t } = useI18n();
  const options = field.options ?? [];
  const stored = new Set((ctx.published?.options ?? []).map((option) => option.value));
  const set = (next: SelectOption[]) => onChange({ options: next });
  const patch = (index: number, part: Partial<SelectOption>) => set(options.map((option, i) => (i === index ? { ...option, ...part } : option)));
  const move = (index: number, delta: number) => {
    const next = [...options];
    [next[index], next[index + delta]] = [next[index + delta], next[index]];
    set(next);
  };
  const duplicates = new Set(options.map((o) => o.value).filter((value, i, all) => all.indexOf(value) !== i));

  return (
    <Form.Item label={t('designer.setting.options')}>
      <div data-testid="designer-setting-options">
        {options.map((option, index) => (
          <div key={index} data-testid={`designer-option-${index}`} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 6, marginBottom: 6 }}>
            <Space.Compact style={{ width: '100%', marginBottom: 4 }}>
              <Input
                value={option.value}
                disabled={stored.has(option.value)}
                status={!option.value || duplicates.has(option.value) ? 'error' : undefined}
                placeholder={t('designer.option.value')}
                style={{ fontFamily: 'monospace' }}
                data-testid={`designer-option-${index}-value`}
                onChange={(event) => patch(index, { value: event.target.value.trim() })}
              />
              <Select
                value={option.color ?? 'default'}
                style={{ width: 120 }}
                data-testid={`designer-option-${index}-color`}
                options={COLORS.map((color) => ({ value: color, label: <Tag color={color === 'default' ? undefined : color}>{color}</Tag> }))}
                onChange={(color) => patch(index, { color: color === 'default' ? undefined : color })}
              />
            </Space.Compact>
            <Space.Compact style={{ width: '100%' }}>
              <Input
                value={option.label['zh-CN']}
                placeholder="中文"
                data-testid={`designer-option-${index}-zh`}
                onChange={(event) => patch(index, { label: { ...option.label, 'zh-CN': event.target.value } })}
              />
              <Input
                value={option.label.en}
                placeholder="English"
                data-testid={`designer-option-${index}-en`}
                onChange={(event) => patch(index, { label: { ...option.label, en: event.target.value } })}
              />
              <Button icon={<ArrowUpOutlined />} disabled={index === 0} aria-label={t('designer.moveUp')} onClick={() => move(index, -1)} />
              <Button icon={<ArrowDownOutlined />} disabled={index === options.length - 1} aria-label={t('designer.moveDown')} onClick={() => move(index, 1)} />
              <Button
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                data-testid={`designer-option-${index}-remove`}
                onClick={() => set(options.filter((_, i) => i !== index))}
              />
            </Space.Compact>
          </div>
        ))}
        <Button block type="dashed" icon={<PlusOutlined />} data-testid="designer-setting-options-add" onClick={() => set([...options, newOption(options)])}>
          {t('designer.option.add')}
        </Button>
      </div>
    </Form.Item>
  );
}
