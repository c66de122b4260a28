import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { definitionProblems } from '@/lib/entities/definition-problems';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { FIELD_TYPES } from '@/lib/fields/registry';
import { checkFormulaKinds, type ExpressionKind } from '@/lib/formulas/kinds';

const templates = readdirSync('templates').flatMap((pack) =>
  readdirSync(`templates/${pack}/entities`).map((file) => JSON.parse(readFileSync(`templates/${pack}/entities/${file}`, 'utf8')) as EntityDefinition),
);

/** Every way a JSON value can be wrong where an object, list, text or number is expected. */
const JUNK: unknown[] = [null, undefined, 0, -1, 1.5, '', 'x', '$me', true, [], [null], {}, { $gt: '' }, { __proto__: { polluted: true } }];

function* mutations(value: unknown, path: string[] = []): Generator<[string[], unknown]> {
  if (path.length > 4) return;
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      for (const junk of JUNK) yield [[...path, key], junk];
      yield* mutations(item, [...path, key]);
    }
  }
}

function replaced(value: unknown, path: string[], junk: unknown): unknown {
  if (path.length === 0) return junk;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[path[0]] = replaced(copy[path[0]], path.slice(1), junk);
  return copy;
}

describe('definition checks', () => {
  it('find nothing wrong with the shipped templates', () => {
    for (const def of templates) expect(definitionProblems(def), def.key).toEqual([]);
  });

  it('name a problem, and never throw, for any part of a definition replaced by junk', () => {
    const customer = templates.find((def) => def.key === 'customer')!;
    let checked = 0;
    for (const def of [customer]) {
      for (const [path, junk] of mutations(def)) {
        const broken = replaced(def, path, junk) as EntityDefinition;
        const problems = definitionProblems(broken);
        expect(Array.isArray(problems)).toBe(true);
        expect(problems.every((problem) => typeof problem === 'string' && !problem.includes('malformed')), `${path.join('.')} = ${JSON.stringify(junk)}: ${problems.join('; ')}`).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    for (const junk of JUNK) expect(definitionProblems(junk as EntityDefinition).length).toBeGreaterThan(0);
  }, 30_000);

  it('ask every field type for its settings problems without throwing', () => {
    for (const type of Object.values(FIELD_TYPES)) {
      for (const junk of JUNK) {
        const field = { key: 'f', type: type.key, label: { en: 'F', 'zh-CN': 'F' }, ...Object.fromEntries(type.settings.map((setting) => [setting, junk])) };
        expect(() => type.settingsProblems?.(field as never, 'f')).not.toThrow();
      }
    }
  });
});

describe('formula kinds', () => {
  const kinds: Record<string, ExpressionKind> = { qty: 'number', price: 'number', name: 'text', done: 'boolean', tags: 'list' };
  const check = (source: string) => checkFormulaKinds(source, (name) => kinds[name] ?? 'any');

  it.each([
    ['qty * price', 'number', []],
    ['name & " x"', 'text', []],
    ['IF(done, qty, 0)', 'number', []],
    ['IF(qty > 0, "yes", "no")', 'text', []],
    ['IF(done, qty, "n/a")', 'any', []],
    ['SUM(qty, price)', 'number', []],
    ['ROUND(qty / 3, 2)', 'number', []],
    ['CONCAT(name, qty)', 'text', []],
    ['name * 2', 'number', ['"*" expects numbers, got text']],
    ['-name', 'number', ['"-" expects numbers, got text']],
    ['name && done', 'boolean', ['"&&" expects true or false or numbers, got text']],
    ['qty < name', 'boolean', ['"<" compares numbers with text']],
    ['SUM(name)', 'number', ['SUM expects numbers or a list, got text']],
    ['IF(name, 1, 2)', 'number', ['IF expects true or false or numbers, got text']],
    ['qty *', 'any', ['unexpected end of formula at 5']],
  ])('%s gives %s', (source, kind, problems) => {
    expect(check(source)).toEqual({ kind, problems });
  });
});
