'use client';

import { Form, Select } from 'antd';
import type { FieldDefinition, FieldTypeKey, VisibilityRule } from '@/lib/fields/field.types';
import { useI18n } from '../i18n-provider';
import type { SettingProps } from './designer-types';

/** Types whose values an admin can list; other fields cannot control visibility. */
const CONTROLLERS = new Set<FieldTypeKey>(['select', 'multiselect', 'boolean', 'text', 'number']);
type Value = VisibilityRule['in'][number];

function ValuesInput({ controller, value, onChange }: { controller: FieldDefinition; value: Value[]; onChange: (value: Value[]) => void }) {
  const { t, text } = useI18n();
  const common = { style: { width: '100%' }, 'data-testid': 'designer-setting-visible-values', placeholder: t('designer.visibility.values') };
  if (controller.type === 'boolean') {
    return (
      <Select
        mode="multiple"
        {...common}
        value={value.map(String)}
        options={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]}
        onChange={(picked: string[]) => onChange(picked.map((item) => item === 'true'))}
      />
    );
  }
  if (controller.type === 'select' || controller.type === 'multiselect') {
    const options = (controller.options ?? []).map((option) => ({ value: option.value, label: text(option.label) || option.value }));
    return <Select mode="multiple" {...common} value={value.map(String)} options={options} onChange={(picked: string[]) => onChange(picked)} />;
  }
  // Free values; a number controller compares numbers, so typed digits become numbers.
  const asValue = (item: string): Value => (controller.type === 'number' && item.trim() !== '' && !Number.isNaN(Number(item)) ? Number(item) : item);
  return <Select mode="tags" {...common} value={value.map(String)} onChange={(picked: string[]) => onChange(picked.map(asValue))} />;
}

/** "Show this field only when <field> is one of <values>". */
export function VisibilityRuleEditor({ field, onChange, ctx }: SettingProps) {
  const { t, text } = useI18n();
  const rule = field.visibleWhen;
  const controllers = ctx.siblings.filter((candidate) => candidate.key !== field.key && CONTROLLERS.has(candidate.type));
  const controller = ctx.siblings.find((candidate) => candidate.key === rule?.field);
  return (
    <Form.Item label={t('designer.setting.visibleWhen')} extra={t('designer.visibility.help')}>
      <Select
        allowClear
        style={{ width: '100%', marginBottom: 6 }}
        value={rule?.field}
        placeholder={t('designer.visibility.always')}
        data-testid="designer-setting-visible-field"
        options={controllers.map((candidate) => ({ value: candidate.key, label: `${text(candidate.label) || candidate.key} (${candidate.key})` }))}
        onChange={(key?: string) => onChange({ visibleWhen: key ? { field: key, in: [] } : undefined })}
      />
      {rule && controller && <ValuesInput controller={controller} value={rule.in} onChange={(values) => onChange({ visibleWhen: { ...rule, in: values } })} />}
    </Form.Item>
  );
}
