import type { FieldType } from '@/lib/fields/field.types';
import { choiceFilter } from '@/lib/fields/filters';
import { optionFromText, optionLabel, optionProblems, optionValues } from '@/lib/fields/options';

export const multiselectType: FieldType = {
  key: 'multiselect',
  holdsSeveral: () => true,
  label: { 'zh-CN': '多选', en: 'Multi select' },
  settings: ['options', 'default'],
  schema: (field) => ({ type: 'array', items: { type: 'string', enum: optionValues(field) }, uniqueItems: true }),
  ui: () => ({ 'ui:widget': 'tags' }),
  normalise: (value) => (Array.isArray(value) && value.length === 0 ? undefined : value),
  operators: ['anyOf', 'allOf', 'noneOf', 'empty', 'notEmpty'],
  filter: (field, op, value) =>
    choiceFilter(field, op, value, (item) => (typeof item === 'string' && optionValues(field).includes(item) ? item : null)),
  sortable: false,
  publicForm: true,
  aggregations: ['count'],
  groupKind: () => 'options',
  toText: (value, field, ctx) => (Array.isArray(value) ? value.map((item) => optionLabel(field, item, ctx.locale)).join(', ') : ''),
  fromText: (text, field) => {
    const values: string[] = [];
    for (const part of text.split(/[,，;；、|]/).map((item) => item.trim()).filter(Boolean)) {
      const value = optionFromText(field, part);
      if (!value) return { ok: false, error: `"${part}" is not one of the options` };
      if (!values.includes(value)) values.push(value);
    }
    return { ok: true, value: values };
  },
  toFormula: (value) => (Array.isArray(value) ? value.map(String) : null),
  formulaKind: () => 'list',
  settingsProblems: (field, where) => optionProblems(field, where),
};
