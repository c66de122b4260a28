'use client';

import { config } from '@/lib/config';
import { useCallback, useMemo } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import type { EntityDefinition, SortSpec } from '@/lib/entities/entity.types';
import type { FilterGroup } from '@/lib/fields/field.types';
import type { SavedView } from '@/lib/views/view.types';
import { formatSort, listableColumns, parseSort } from './field-columns';

export const PAGE_SIZES = [20, 50, 100, 200];

/** Everything that decides which records a list or board shows; it lives in the URL. */
export interface ListQuery {
  q: string;
  page: number;
  pageSize: number;
  sort: SortSpec[];
  filter: FilterGroup;
  columns: string[];
  /** The saved view the state came from (shown in the selector only). */
  view?: string;
  /** The kanban lane field. */
  field?: string;
}

const NO_FILTER: FilterGroup = { match: 'all', conditions: [] };

function parseFilter(text: string | null): FilterGroup | undefined {
  if (!text) return undefined;
  try {
    const group = JSON.parse(text) as FilterGroup;
    return (group.match === 'all' || group.match === 'any') && Array.isArray(group.conditions) ? group : undefined;
  } catch {
    return undefined;
  }
}

function positive(text: string | null): number | undefined {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

// A missing parameter means the entity's default list; a present one (even empty) overrides it.
function readQuery(params: URLSearchParams, def: EntityDefinition | undefined): ListQuery {
  const known = def ? listableColumns(def) : [];
  const columns = (params.get('cols') ?? '').split(',').filter((key) => known.includes(key));
  return {
    q: params.get('q') ?? '',
    page: positive(params.get('page')) ?? 1,
    pageSize: Math.min(positive(params.get('pageSize')) ?? def?.listView.pageSize ?? 20, config.maxPageSize),
    sort: params.has('sort') ? parseSort(params.get('sort') ?? '') : (def?.listView.sort ?? []),
    filter: parseFilter(params.get('filter')) ?? def?.listView.filter ?? NO_FILTER,
    columns: columns.length > 0 ? columns : (def?.listView.columns ?? []),
    view: params.get('view') ?? undefined,
    field: params.get('field') ?? undefined,
  };
}

function write(next: URLSearchParams, patch: Partial<ListQuery>) {
  const set = (key: string, value: string | undefined) => (value === undefined || value === '' ? next.delete(key) : next.set(key, value));
  if ('q' in patch) set('q', patch.q);
  if ('page' in patch) set('page', patch.page && patch.page > 1 ? String(patch.page) : undefined);
  if ('pageSize' in patch) set('pageSize', patch.pageSize ? String(patch.pageSize) : undefined);
  if (patch.sort) next.set('sort', formatSort(patch.sort));
  if (patch.filter) next.set('filter', JSON.stringify(patch.filter));
  if (patch.columns) set('cols', patch.columns.join(','));
  if ('view' in patch) set('view', patch.view);
  if ('field' in patch) set('field', patch.field);
}

export function useListQuery(def: EntityDefinition | undefined) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = useMemo(() => readQuery(new URLSearchParams(params.toString()), def), [params, def]);
  const update = useCallback(
    (patch: Partial<ListQuery>) => {
      const next = new URLSearchParams(params.toString());
      // Any change but paging shows the first page of the new result.
      if (!('page' in patch)) next.delete('page');
      write(next, patch);
      router.replace(`${pathname}?${next}`, { scroll: false });
    },
    [params, pathname, router],
  );
  // Back to the entity's default list (or board): no parameter overrides it.
  const reset = useCallback(() => router.replace(pathname, { scroll: false }), [pathname, router]);
  return { query, update, reset };
}

/** What a saved view sets; every part is explicit so that nothing of the previous state stays. */
export function viewPatch(view: SavedView): Partial<ListQuery> {
  return {
    view: view.id,
    columns: view.columns ?? [],
    sort: view.sort ?? [],
    filter: view.filter ?? NO_FILTER,
    pageSize: view.pageSize,
    q: view.q ?? '',
    field: view.kanbanField,
  };
}

/** The URL query that shows a saved view, for opening it on the other screen (list or board). */
export function viewQueryString(view: SavedView): string {
  const params = new URLSearchParams();
  write(params, viewPatch(view));
  return params.toString();
}

/**
 * The list API's parameters for a query. The filter is always sent, even empty: without one
 * the server applies the entity's default filter, which the person may have cleared.
 */
export function apiParams(query: ListQuery, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams({ page: String(query.page), pageSize: String(query.pageSize), ...extra });
  if (query.sort.length > 0) params.set('sort', formatSort(query.sort));
  if (query.q) params.set('q', query.q);
  params.set('filter', JSON.stringify(query.filter));
  return params;
}
