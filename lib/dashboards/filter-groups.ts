import type { FilterCondition, FilterGroup } from '@/lib/fields/field.types';

export const NO_FILTER: FilterGroup = { match: 'all', conditions: [] };

function isEmpty(group: FilterGroup | undefined): boolean {
  return !group || ((group.conditions?.length ?? 0) === 0 && (group.groups?.length ?? 0) === 0);
}

/**
 * Groups and conditions that must all hold, as one group the list's filter understands:
 * "all" groups are flattened into plain conditions, an "any" group of one condition is that
 * condition, other "any" groups stay nested. The drill-down link and every widget query are
 * built from the result, so both select the same records.
 */
export function allOf(...parts: (FilterGroup | FilterCondition[] | undefined)[]): FilterGroup {
  const conditions: FilterCondition[] = [];
  const groups: FilterGroup[] = [];
  const add = (group: FilterGroup) => {
    if (isEmpty(group)) return;
    const count = group.conditions.length + (group.groups?.length ?? 0);
    if (group.match === 'all' || count === 1) {
      conditions.push(...group.conditions);
      for (const sub of group.groups ?? []) add(sub);
    } else groups.push(group);
  };
  for (const part of parts) {
    if (!part) continue;
    add(Array.isArray(part) ? { match: 'all', conditions: part } : part);
  }
  return groups.length > 0 ? { match: 'all', conditions, groups } : { match: 'all', conditions };
}
