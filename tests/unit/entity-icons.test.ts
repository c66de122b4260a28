import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { definitionProblems } from '@/lib/entities/definition-problems';
import { ENTITY_ICONS } from '@/lib/entities/entity-icons';
import type { EntityDefinition } from '@/lib/entities/entity.types';

const packEntities = readdirSync('templates').flatMap((pack) =>
  readdirSync(`templates/${pack}/entities`).map((file) => [`${pack}/${file}`, JSON.parse(readFileSync(`templates/${pack}/entities/${file}`, 'utf8')) as EntityDefinition] as const),
);

describe('entity icons', () => {
  const base: EntityDefinition = {
    key: 'gadget',
    version: 0,
    label: { 'zh-CN': '小物件', en: 'Gadget' },
    displayField: 'name',
    fields: [{ key: 'name', type: 'text', label: { 'zh-CN': '名称', en: 'Name' } }],
    listView: { columns: ['name'], sort: [], pageSize: 20 },
  };

  it('accepts no icon or one of the registry, and names any other as a problem', () => {
    expect(definitionProblems(base)).toEqual([]);
    expect(definitionProblems({ ...base, icon: 'shopping-cart' })).toEqual([]);
    for (const icon of ['ShoppingCartOutlined', 'rocket ', '', 'constructor', '__proto__']) {
      expect(definitionProblems({ ...base, icon }).join(' '), icon).toContain(`icon "${icon}" is not one of`);
    }
    expect(definitionProblems({ ...base, icon: 7 as unknown as string }).join(' ')).toContain('icon "7"');
  });

  it('lists each icon once', () => {
    expect(new Set(ENTITY_ICONS).size).toBe(ENTITY_ICONS.length);
  });

  it.each(packEntities)('gives the pack entity %s an icon of the registry', (_, def) => {
    expect(def.icon).toBeDefined();
    expect(ENTITY_ICONS).toContain(def.icon);
  });

  it.each(readdirSync('templates'))('gives the pack %s an icon of the registry for its menu group', (pack) => {
    const manifest = JSON.parse(readFileSync(`templates/${pack}/manifest.json`, 'utf8')) as { icon?: string };
    expect(ENTITY_ICONS).toContain(manifest.icon);
  });
});
