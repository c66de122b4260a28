import { badRequest } from '@/lib/http/errors';
import type { FilterGroup } from '@/lib/fields/field.types';

/** The `filter` query parameter: a JSON filter group (checked field by field later). */
export function filterParam(search: URLSearchParams): FilterGroup | undefined {
  const raw = search.get('filter');
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw badRequest('filter must be JSON like {"match":"all","conditions":[{"field":"stage","op":"anyOf","value":["won"]}]}');
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as FilterGroup).conditions)) {
    throw badRequest('filter needs a "conditions" list');
  }
  return parsed as FilterGroup;
}
