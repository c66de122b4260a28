'use client';

import { Checkbox, Divider, Form, Select, Space, Tag, Typography } from 'antd';
import { fieldType } from '@/lib/fields/registry';
import { useRoles } from '../use-roles';
import { useI18n } from '../i18n-provider';
import type { FieldSettingsProps } from './designer-types';
import { FieldKeyInput } from './field-key-input';
import { LocalizedInput } from './localized-input';
import { FillFromSetting } from './setting-fill-from';
import { SETTING_EDITORS } from './setting-editors';
import { VisibilityRuleEditor } from './visibility-rule';

/**
 * Settings of one field: what every field has, then exactly the settings its type lists in
 * the registry. Sub-table columns use the same panel (no sections, visibility or hiding).
 */
/** Types whose values can be encrypted at rest (the definition check says the same). */
const ENCRYPTABLE = ['text', 'textarea', 'phone', 'email', 'url'];

export function FieldSettings({ field, onChange, onRename, ctx }: FieldSettingsProps) {
  const { t, text } = useI18n();
  const roles = useRoles();
  const type = fieldType(field.type);
  const topLevel = ctx.sections !== undefined;
  const flag = (name: 'required' | 'readOnly' | 'hidden', testid: string) => (
    <Checkbox checked={Boolean(field[name])} data-testid={`designer-setting-${testid}`} onChange={(event) => onChange({ [name]: event.target.checked || undefined })}>
      {t(`designer.setting.${name}`)}
    </Checkbox>
  );
  const scoped = { ...ctx, ColumnSettings: ctx.ColumnSettings ?? FieldSettings };

  return (
    <Form layout="vertical" component="div" size="small" data-testid={topLevel ? 'designer-settings' : undefined}>
      <Space style={{ marginBottom: 8 }}>
        <Tag color="blue">{text(type.label)}</Tag>
        {type.computed && <Typography.Text type="secondary">{t('designer.field.computed')}</Typography.Text>}
      </Space>
      <FieldKeyInput
        value={field.key}
        taken={ctx.siblings.map((sibling) => sibling.key).filter((key) => key !== field.key)}
        locked={ctx.lockedKeys.has(field.key)}
        onRename={onRename}
      />
      <Form.Item label={t('designer.setting.label')} required>
        <LocalizedInput value={field.label} testid="designer-setting-label" onChange={(label) => onChange({ label })} />
      </Form.Item>
      <Form.Item label={t('designer.setting.help')}>
        <LocalizedInput
          value={field.help}
          testid="designer-setting-help"
          onChange={(help) => onChange({ help: help['zh-CN'] || help.en ? help : undefined })}
        />
      </Form.Item>
      <Form.Item>
        <Space wrap>
          {!type.computed && flag('required', 'required')}
          {!type.computed && flag('readOnly', 'readonly')}
          {topLevel && flag('hidden', 'hidden')}
          {topLevel && ENCRYPTABLE.includes(field.type) && (
            <Checkbox
              checked={Boolean(field.sensitive)}
              data-testid="designer-setting-sensitive"
              onChange={(event) => onChange({ sensitive: event.target.checked || undefined, ...(event.target.checked ? { unique: undefined } : {}) })}
            >
              {t('designer.setting.sensitive')}
            </Checkbox>
          )}
        </Space>
        {field.sensitive && <Typography.Paragraph type="secondary" style={{ marginTop: 4, marginBottom: 0 }}>{t('designer.setting.sensitiveHelp')}</Typography.Paragraph>}
      </Form.Item>
      {topLevel && (ctx.sections ?? []).length > 0 && (
        <Form.Item label={t('designer.setting.section')}>
          <Select
            allowClear
            value={field.section}
            placeholder={t('designer.section.none')}
            data-testid="designer-setting-section"
            options={(ctx.sections ?? []).map((section) => ({ value: section.key, label: text(section.label) || section.key }))}
            onChange={(section?: string) => onChange({ section })}
          />
        </Form.Item>
      )}
      {topLevel && <VisibilityRuleEditor field={field} onChange={onChange} ctx={ctx} />}
      {topLevel && (
        <Form.Item label={t('designer.setting.visibleTo')} extra={t('designer.setting.visibleToHelp')}>
          <Checkbox.Group
            data-testid="designer-setting-visible-to"
            value={field.visibleTo ?? []}
            options={(roles ?? []).map((role) => ({ value: role.key, label: text(role.name) || role.key }))}
            onChange={(keys) => onChange({ visibleTo: keys.length > 0 ? (keys as string[]) : undefined })}
          />
        </Form.Item>
      )}
      <FillFromSetting field={field} onChange={onChange} ctx={ctx} />
      {type.settings.length > 0 && <Divider plain>{t('designer.field.typeSettings')}</Divider>}
      {type.settings.map((name) => {
        const Editor = SETTING_EDITORS[name];
        return <Editor key={name} field={field} onChange={onChange} ctx={scoped} />;
      })}
    </Form>
  );
}
