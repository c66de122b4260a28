'use client';

import { Alert, Form, Input, InputNumber, Select, Tag, Typography } from 'antd';
import type { FieldDefinition, FormulaSettings } from '@/lib/fields/field.types';
import { fieldType } from '@/lib/fields/registry';
import { compileFormula } from '@/lib/formulas';
import { FUNCTIONS } from '@/lib/formulas/functions';
import { useI18n } from '../i18n-provider';
import type { SettingProps, SettingsContext } from './designer-types';
import { CurrencySelect } from './simple-settings';

const RESULTS: FormulaSettings['result'][] = ['number', 'money', 'percent', 'text'];

/** Names an expression may read: fields of its scope that have a formula value, and `table.column` of sub-tables. */
export function formulaNames(self: FieldDefinition, ctx: SettingsContext): { name: string; field: FieldDefinition }[] {
  const readable = (field: FieldDefinition) => Boolean(fieldType(field.type).toFormula);
  return ctx.siblings
    .filter((field) => field.key !== self.key)
    .flatMap((field) => [
      ...(readable(field) ? [{ name: field.key, field }] : []),
      ...(field.type === 'subtable' ? (field.fields ?? []).filter(readable).map((column) => ({ name: `${field.key}.${column.key}`, field: column })) : []),
    ]);
}

function check(expression: string, known: Set<string>): { error?: string; unknown: string[] } {
  if (!expression.trim()) return { unknown: [] };
  try {
    return { unknown: compileFormula(expression).references.filter((name) => !known.has(name)) };
  } catch (error) {
    return { error: (error as Error).message, unknown: [] };
  }
}

export function FormulaSetting({ field, onChange, ctx }: SettingProps) {
  const { t, text } = useI18n();
  const formula: FormulaSettings = field.formula ?? { expression: '', result: 'number' };
  const set = (part: Partial<FormulaSettings>) => onChange({ formula: { ...formula, ...part } });
  const names = formulaNames(field, ctx);
  const { error, unknown } = check(formula.expression, new Set(names.map((entry) => entry.name)));
  const insert = (name: string) => set({ expression: formula.expression ? `${formula.expression.trimEnd()} ${name}` : name });

  return (
    <>
      <Form.Item label={t('designer.setting.formulaExpression')} validateStatus={error || unknown.length ? 'error' : undefined}>
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 8 }}
          value={formula.expression}
          placeholder="quantity * unitPrice * (1 - discount)"
          style={{ fontFamily: 'monospace' }}
          data-testid="designer-setting-formula-expression"
          onChange={(event) => set({ expression: event.target.value })}
        />
      </Form.Item>
      {(error || unknown.length > 0) && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="designer-formula-error"
          title={error ?? t('designer.formula.unknownNames', { names: unknown.join(', ') })}
        />
      )}
      <div style={{ marginBottom: 12 }} data-testid="designer-formula-names">
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('designer.formula.names')}
        </Typography.Text>
        <div>
          {names.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
          {names.map(({ name, field: source }) => (
            <Tag key={name} style={{ cursor: 'pointer', marginTop: 4 }} title={text(source.label)} data-testid={`designer-formula-name-${name}`} onClick={() => insert(name)}>
              <code>{name}</code>
            </Tag>
          ))}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('designer.formula.functions', { names: [...FUNCTIONS.keys()].join(', ') })}
        </Typography.Text>
      </div>
      <Form.Item label={t('designer.setting.formulaResult')}>
        <Select
          value={formula.result}
          data-testid="designer-setting-formula-result"
          options={RESULTS.map((result) => ({ value: result, label: t(`designer.formula.result.${result}`) }))}
          onChange={(result) => set({ result, ...(result === 'money' ? { currency: formula.currency ?? 'CNY' } : {}) })}
        />
      </Form.Item>
      {(formula.result === 'number' || formula.result === 'percent') && (
        <Form.Item label={t('designer.setting.precision')}>
          <InputNumber
            min={0}
            max={10}
            precision={0}
            style={{ width: '100%' }}
            value={formula.precision ?? 2}
            data-testid="designer-setting-formula-precision"
            onChange={(precision) => set({ precision: precision ?? undefined })}
          />
        </Form.Item>
      )}
      {formula.result === 'money' && (
        <Form.Item label={t('designer.setting.currency')}>
          <CurrencySelect value={formula.currency} testid="designer-setting-formula-currency" onChange={(currency) => set({ currency })} />
        </Form.Item>
      )}
    </>
  );
}
