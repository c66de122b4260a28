'use client';

import useSWR from 'swr';
import type { EntityDefinition } from '@/lib/entities/entity.types';

/** Published entities. The route answers `{items}`; a bare list is accepted too. */
export function useEntityList() {
  const { data, error, isLoading, mutate } = useSWR<{ items: EntityDefinition[] } | EntityDefinition[]>('/api/entities');
  const items = Array.isArray(data) ? data : (data?.items ?? []);
  return { entities: items, error: error as Error | undefined, isLoading, mutate };
}
