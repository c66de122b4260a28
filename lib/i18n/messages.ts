import { en, type MessageKey } from './catalog/en';
import { zhCN } from './catalog/zh-CN';
import type { Locale } from './locale';

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type { MessageKey };
/** Messages in one language; `locale` says which, for text an admin wrote in both (option labels). */
export type Translate = ((key: MessageKey, params?: Record<string, string | number>) => string) & { locale?: Locale };

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  const translate = (key: MessageKey, params?: Record<string, string | number>) => {
    const text = catalog[key] ?? en[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
  return Object.assign(translate, { locale });
}
