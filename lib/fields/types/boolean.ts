import type { FieldType } from '@/lib/fields/field.types';
import { FilterValueError } from '@/lib/fields/field.types';

const TRUE_TEXT = new Set(['true', 'yes', 'y', '1', '是', '对', '✓']);
const FALSE_TEXT = new Set(['false', 'no', 'n', '0', '否', '不', '✗']);

export const booleanType: FieldType = {
  key: 'boolean',
  label: { 'zh-CN': '是/否', en: 'Yes/No' },
  settings: ['default'],
  schema: () => ({ type: 'boolean' }),
  ui: () => ({}),
  operators: ['isTrue', 'isFalse'],
  filter: (field, op) => {
    if (op === 'isTrue') return { [field.key]: true };
    if (op === 'isFalse') return { [field.key]: { $ne: true } };
    throw new FilterValueError(field.key, `operator "${op}" does not apply to field "${field.key}"`);
  },
  sortable: true,
  publicForm: true,
  groupable: true,
  aggregations: ['count'],
  groupKind: () => 'flag',
  toText: (value, _field, ctx) => (value === true ? (ctx.locale === 'en' ? 'Yes' : '是') : value === false ? (ctx.locale === 'en' ? 'No' : '否') : ''),
  fromText: (text) => {
    const key = text.trim().toLowerCase();
    if (TRUE_TEXT.has(key)) return { ok: true, value: true };
    if (FALSE_TEXT.has(key)) return { ok: true, value: false };
    return { ok: false, error: `"${text}" is not yes or no` };
  },
  toFormula: (value) => (typeof value === 'boolean' ? value : null),
  formulaKind: () => 'boolean',
};
