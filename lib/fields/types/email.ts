import { textFilter } from '@/lib/fields/filters';
import { textFamily } from '@/lib/fields/text-family';

export const emailType = textFamily({
  key: 'email',
  label: { 'zh-CN': '邮箱', en: 'Email' },
  settings: ['unique', 'default'],
  baseSchema: () => ({ format: 'email', maxLength: 254 }),
  normalise: (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
  fromText: (text) => ({ ok: true, value: text.trim().toLowerCase() }),
  // Stored lowercased, so what people type is compared lowercased too.
  filter: (field, op, value) => textFilter(field, op, typeof value === 'string' ? value.toLowerCase() : value),
});
