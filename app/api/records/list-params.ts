import { AppError, badRequest } from '@/lib/errors/app-error';
import { parseJsonText } from '@/lib/http/json-body';
import type { FilterGroup } from '@/lib/fields/field.types';
import type { ListQuery } from '@/lib/records/record.query';

/** The `filter` query parameter: a JSON filter group (checked field by field later). */
export function filterParam(search: URLSearchParams): FilterGroup | undefined {
  const raw = search.get('filter');
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = parseJsonText(raw);
  } catch (error) {
    if (error instanceof AppError && error.code === 'reserved_key') throw error;
    throw badRequest('filter must be JSON like {"match":"all","conditions":[{"field":"stage","op":"anyOf","value":["won"]}]}');
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as FilterGroup).conditions)) {
    throw badRequest('filter needs a "conditions" list');
  }
  return parsed as FilterGroup;
}

/**
 * A list's parameters: page, pageSize, sort=a:asc,b:desc, q, filter=<json>, view=<id>,
 * deleted=1. The list and its export read them the same way.
 */
export function listQueryParams(search: URLSearchParams): ListQuery {
  return {
    page: Number(search.get('page') ?? 1),
    pageSize: search.has('pageSize') ? Number(search.get('pageSize')) : undefined,
    sort: search.get('sort') ?? undefined,
    q: search.get('q') ?? undefined,
    filter: filterParam(search),
    view: search.get('view') ?? undefined,
    deleted: search.get('deleted') === '1',
  };
}

/** `columns=a,b`: the columns to show or export, in order (unset: the view's or the entity's). */
export function columnsParam(search: URLSearchParams): string[] | undefined {
  const raw = search.get('columns');
  if (raw === null) return undefined;
  const keys = raw.split(',').map((key) => key.trim()).filter(Boolean);
  return keys.length > 0 ? keys : undefined;
}
