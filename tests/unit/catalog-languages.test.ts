import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '@/lib/i18n/catalog/en';
import { zhCN } from '@/lib/i18n/catalog/zh-CN';
import { loadTemplatePack } from '@/lib/templates/template.source';
import { TEMPLATE_CATEGORIES } from '@/lib/templates/template.types';
import { TRIGGER_KIND_KEYS } from '@/lib/workflows/workflow.types';

/**
 * Every string people read speaks both languages: the message catalogs have the same keys,
 * and what is shown in Chinese is Chinese — a zh-CN text without a Chinese character is only
 * allowed when it is made of terms written the same in both (API, CSV, JSON…), placeholders
 * and signs. The same holds for what template packs show: names, labels, options, categories
 * and trigger events.
 */

/** Terms a Chinese text may use as they are. */
const SHARED_TERMS = new Set(['API', 'CSV', 'URL', 'ID', 'JSON', 'Excel', 'XLSX', 'PNG', 'Webhook', 'Salesflow', 'SLA', 'CRM', 'SKU', 'KPI', 'VIP', 'Email', 'v']);
const CJK = /[\u3400-\u9fff]/;

/** Why a text shown in Chinese is not Chinese, or null when it is fine. */
function notChinese(text: string): string | null {
  if (CJK.test(text)) return null;
  const words = text
    .replace(/\{\w+\}/g, ' ')
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .match(/[A-Za-z][A-Za-z0-9-]*/g);
  const foreign = (words ?? []).filter((word) => !SHARED_TERMS.has(word));
  return foreign.length > 0 ? `English in Chinese: ${foreign.join(' ')}` : null;
}

/** Texts an admin or a pack wrote in both languages, found anywhere in a definition. */
function localizedTexts(value: unknown, where: string): [string, { 'zh-CN'?: unknown; en?: unknown }][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => localizedTexts(item, `${where}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  const object = value as Record<string, unknown>;
  if ('zh-CN' in object || 'en' in object) return [[where, object]];
  return Object.entries(object).flatMap(([key, item]) => localizedTexts(item, `${where}.${key}`));
}

describe('the message catalogs', () => {
  it('have the same keys, none empty', () => {
    const missingInChinese = Object.keys(en).filter((key) => !zhCN[key as keyof typeof en]?.trim());
    const missingInEnglish = Object.keys(zhCN).filter((key) => !(key in en) || !en[key as keyof typeof en].trim());
    expect(missingInChinese).toEqual([]);
    expect(missingInEnglish).toEqual([]);
  });

  it('show no English-only text in Chinese', () => {
    const found = Object.entries(zhCN)
      .map(([key, text]) => [key, notChinese(text)] as const)
      .filter(([, problem]) => problem !== null);
    expect(found).toEqual([]);
  });

  it('name every trigger event and pack category', () => {
    for (const event of TRIGGER_KIND_KEYS) expect(`templates.event.${event}` in en, event).toBe(true);
    for (const category of TEMPLATE_CATEGORIES) expect(`templates.category.${category}` in en, category).toBe(true);
  });

  it('catch what they are meant to catch', () => {
    expect(notChinese('低库存 Low stock')).toBeNull();
    expect(notChinese('Low stock')).toContain('Low stock');
    expect(notChinese('customer-follow-up')).toContain('customer-follow-up');
    expect(notChinese('validation_failed')).not.toBeNull();
    expect(notChinese('JSON')).toBeNull();
    expect(notChinese('“{name}” v{version}')).toBeNull();
    expect(notChinese('→ {entity}')).toBeNull();
  });
});

const PACKS = readdirSync(path.join(process.cwd(), 'templates'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe.each(PACKS)('the template pack %s', (key) => {
  it('shows people texts in both languages, Chinese in Chinese', async () => {
    const pack = await loadTemplatePack(key);
    const texts = [
      ...localizedTexts(pack.manifest, 'manifest'),
      ...pack.entities.flatMap((def) => localizedTexts(def, `entity ${def.key}`)),
      ...pack.workflows.flatMap((def) => localizedTexts(def, `workflow ${def.key}`)),
      ...pack.dashboards.flatMap((def) => localizedTexts(def, `dashboard ${def.key}`)),
      ...pack.roles.flatMap((role) => localizedTexts(role, `role ${role.key}`)),
    ];
    const problems = texts.flatMap(([where, text]) => {
      const zh = typeof text['zh-CN'] === 'string' ? text['zh-CN'].trim() : '';
      const english = typeof text.en === 'string' ? text.en.trim() : '';
      if (!zh || !english) return [`${where}: needs both languages`];
      const problem = notChinese(zh);
      return problem ? [`${where}: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
    expect(texts.length).toBeGreaterThan(10);
  });

  it('has a category the catalog names', async () => {
    const { manifest } = await loadTemplatePack(key);
    if (manifest.category !== undefined) expect(TEMPLATE_CATEGORIES).toContain(manifest.category);
  });

  it('computes no text in one language only', async () => {
    // A text formula's result is shown as it is to readers of either language: its literals may
    // be option values (compared, not shown) or signs, never Chinese or English words.
    const pack = await loadTemplatePack(key);
    const literals = pack.entities.flatMap((def) =>
      def.fields
        .flatMap((field) => [field, ...(field.fields ?? [])])
        .filter((field) => field.formula?.result === 'text' && typeof field.formula.expression === 'string')
        .flatMap((field) => [...field.formula!.expression.matchAll(/"([^"]*)"/g)].map((match) => [`${def.key}.${field.key}`, match[1]] as const)),
    );
    const worded = literals.filter(([, text]) => CJK.test(text) || /[A-Za-z]+\s+[A-Za-z]+/.test(text));
    expect(worded).toEqual([]);
  });
});
