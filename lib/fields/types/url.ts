import { textFamily } from '@/lib/fields/text-family';

export const urlType = textFamily({
  key: 'url',
  label: { 'zh-CN': '网址', en: 'URL' },
  settings: ['unique', 'default'],
  baseSchema: () => ({ format: 'uri', pattern: '^https?://', maxLength: 2000 }),
  // A bare "example.com" is what people paste; store it as a link that works.
  normalise: (value) => {
    if (typeof value !== 'string') return value;
    const text = value.trim();
    return text && !/^[a-z][a-z0-9+.-]*:/i.test(text) ? `https://${text}` : text;
  },
});
