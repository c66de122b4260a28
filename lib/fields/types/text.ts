import { textFamily } from '@/lib/fields/text-family';

export const textType = textFamily({ key: 'text', label: { 'zh-CN': '单行文本', en: 'Text' } });
