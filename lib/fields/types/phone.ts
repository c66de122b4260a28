import { textFamily } from '@/lib/fields/text-family';

export const phoneType = textFamily({
  key: 'phone',
  label: { 'zh-CN': '电话', en: 'Phone' },
  settings: ['unique', 'default'],
  baseSchema: () => ({ format: 'phone', maxLength: 30 }),
  // People type 138-0013-8000 and +86 138 0013 8000 alike: keep digits, "+" and single spaces.
  normalise: (value) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value),
});
