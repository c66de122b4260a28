import type { FieldType } from '@/lib/fields/field.types';
import { choiceFilter } from '@/lib/fields/filters';
import { optionFromText, optionLabel, optionProblems, optionValues } from '@/lib/fields/options';

export const selectType: FieldType = {
  key: 'select',
  label: { 'zh-CN': '单选', en: 'Single select' },
  settings: ['options', 'transitions', 'default'],
  schema: (field) => ({ type: 'string', enum: optionValues(field) }),
  ui: () => ({ 'ui:widget': 'select' }),
  operators: ['anyOf', 'noneOf', 'empty', 'notEmpty'],
  filter: (field, op, value) =>
    choiceFilter(field, op, value, (item) => (typeof item === 'string' && optionValues(field).includes(item) ? item : null)),
  sortable: true,
  publicForm: true,
  groupable: true,
  aggregations: ['count', 'distinct'],
  groupKind: () => 'option',
  indexed: true,
  toText: (value, field, ctx) => (typeof value === 'string' ? optionLabel(field, value, ctx.locale) : ''),
  fromText: (text, field) => {
    const value = optionFromText(field, text);
    return value ? { ok: true, value } : { ok: false, error: `"${text}" is not one of the options` };
  },
  toFormula: (value) => (typeof value === 'string' ? value : null),
  formulaKind: () => 'text',
  settingsProblems: (field, where) => optionProblems(field, where),
};
