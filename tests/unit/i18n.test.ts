import { describe, expect, it } from 'vitest';
import { en } from '@/lib/i18n/catalog/en';
import { zhCN } from '@/lib/i18n/catalog/zh-CN';
import { pick, resolveLocale } from '@/lib/i18n/locale';
import { translator } from '@/lib/i18n/messages';

describe('i18n', () => {
  it('has every message in both languages, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zhCN[key], key).toBeTruthy();
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(zhCN[key]), key).toEqual(names(en[key]));
    }
  });

  it('prefers the cookie, then the browser language, then Chinese', () => {
    expect(resolveLocale('en', 'zh-CN,zh;q=0.9')).toBe('en');
    expect(resolveLocale(undefined, 'en-US,en;q=0.9')).toBe('en');
    expect(resolveLocale('fr', 'zh-TW')).toBe('zh-CN');
    expect(resolveLocale(undefined, 'de-DE')).toBe('zh-CN');
  });

  it('fills placeholders and picks admin-written text', () => {
    expect(translator('en')('common.total', { total: 3 })).toBe('3 in all');
    expect(translator('zh-CN')('common.total', { total: 3 })).toBe('共 3 条');
    expect(pick({ 'zh-CN': '客户', en: 'Customer' }, 'en')).toBe('Customer');
    expect(pick({ 'zh-CN': '客户', en: '' }, 'en')).toBe('客户');
  });
});
