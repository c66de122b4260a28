import { textFamily } from '@/lib/fields/text-family';

export const textareaType = textFamily({
  key: 'textarea',
  label: { 'zh-CN': '多行文本', en: 'Long text' },
  settings: ['minLength', 'maxLength', 'rows', 'default'],
  baseSchema: (field) => ({ maxLength: field.maxLength ?? 5000 }),
  ui: (field) => ({ 'ui:widget': 'textarea', 'ui:options': { rows: field.rows ?? 4 } }),
  sortable: false,
  // Long text rarely repeats: grouping by it makes one group per record.
  groupKind: () => undefined,
});
