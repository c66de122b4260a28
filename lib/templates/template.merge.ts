import { isDeepStrictEqual } from 'node:util';

/**
 * Three-way merge of a definition: `base` is what the template installed last time, `ours`
 * what is stored now (with the admin's changes), `theirs` the new template. A property the
 * admin left as the template gave it takes the template's new value; one the admin changed
 * keeps the admin's value. Lists of keyed items (fields, options, sections, actions, charts)
 * are merged item by item: the template's new items are added, items the admin removed stay
 * removed, items the template dropped stay (their data is kept anyway).
 */

type Json = Record<string, unknown>;

/** Lists merged item by item, and the property that names an item. */
const KEYED_LISTS: Record<string, string> = {
  fields: 'key',
  sections: 'key',
  actions: 'id',
  charts: 'id',
  widgets: 'id',
  options: 'value',
  rules: 'key',
  printTemplates: 'key',
};

/** Bookkeeping properties that never count as a change. */
const IGNORED = new Set(['version', 'template', 'archived', 'enabled', 'updatedAt', 'updatedBy']);

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function withoutIgnored(value: unknown): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key, v]) => !IGNORED.has(key) && v !== undefined));
}

/** Equal as definitions: versions, the template stamp and archive/enable flags aside. */
export function sameDefinition(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(withoutIgnored(a), withoutIgnored(b));
}

const same = (a: unknown, b: unknown) => isDeepStrictEqual(a, b);

function itemName(item: unknown, id: string): string {
  return isObject(item) ? String(item[id]) : String(item);
}

function mergeList(base: unknown[] | undefined, ours: unknown[], theirs: unknown[], id: string, where: string, notes: string[]): unknown[] {
  const find = (list: unknown[] | undefined, name: string) => list?.find((item) => itemName(item, id) === name);
  const result = [...ours];
  let insertAt = 0;
  for (const item of theirs) {
    const name = itemName(item, id);
    const mine = find(ours, name);
    const original = find(base, name);
    if (mine === undefined) {
      if (original !== undefined) continue; // the admin removed it: stays removed
      // After the item that precedes it in the template, else at the end.
      const previous = theirs[theirs.indexOf(item) - 1];
      const after = previous === undefined ? -1 : result.findIndex((candidate) => itemName(candidate, id) === itemName(previous, id));
      insertAt = after >= 0 ? after + 1 : result.length;
      result.splice(insertAt, 0, item);
      notes.push(`${where} ${name} added`);
      continue;
    }
    const index = result.indexOf(mine);
    if (original !== undefined && same(mine, original)) {
      if (!same(mine, item)) {
        result[index] = item;
        notes.push(`${where} ${name} updated`);
      }
    } else if (!same(mine, item) && isObject(mine) && isObject(item)) {
      result[index] = mergeObject(isObject(original) ? original : undefined, mine, item, `${where} ${name}`, notes);
    }
  }
  return result;
}

function mergeObject(base: Json | undefined, ours: Json, theirs: Json, where: string, notes: string[]): Json {
  const result: Json = { ...ours };
  for (const key of new Set([...Object.keys(ours), ...Object.keys(theirs)])) {
    if (IGNORED.has(key)) continue;
    const mine = ours[key];
    const template = theirs[key];
    const original = base?.[key];
    if (same(mine, template)) continue;
    const id = KEYED_LISTS[key];
    if (id && Array.isArray(template)) {
      const merged = mergeList(Array.isArray(original) ? original : undefined, Array.isArray(mine) ? mine : [], template, id, `${where ? `${where}: ` : ''}${key.replace(/s$/, '')}`, notes);
      if (!same(merged, mine)) result[key] = merged;
      continue;
    }
    if (base !== undefined && same(mine, original)) {
      // The admin left it as the template had it: the template's change applies.
      if (template === undefined) delete result[key];
      else result[key] = template;
      notes.push(`${where ? `${where}: ` : ''}${key} ${mine === undefined ? 'added' : template === undefined ? 'removed' : 'updated'}`);
    } else if (mine === undefined && original === undefined && template !== undefined) {
      result[key] = template; // new in the template, never set by the admin
      notes.push(`${where ? `${where}: ` : ''}${key} added`);
    } else if (isObject(mine) && isObject(template) && !KEYED_LISTS[key]) {
      const merged = mergeObject(isObject(original) ? original : undefined, mine, template, `${where ? `${where}: ` : ''}${key}`, notes);
      result[key] = merged;
    }
    // Otherwise the admin changed it: the admin's value stays.
  }
  return result;
}

/** The merged definition and what it took from the template. */
export function mergeDefinition<T extends object>(base: T | undefined, ours: T, theirs: T): { merged: T; notes: string[] } {
  const notes: string[] = [];
  const merged = mergeObject(base as Json | undefined, ours as Json, theirs as Json, '', notes) as T;
  return { merged, notes };
}
