'use client';

import useSWR from 'swr';
import type { EntityDefinition } from '@/lib/entities/entity.types';

type DraftSummary = { draft: EntityDefinition; savedAt: string; problems: string[] };

/**
 * Published entities, followed by new entities that exist only as drafts (version 0), so an
 * entity an admin started but never published can be found again.
 */
export function useEntityList() {
  const published = useSWR<{ items: EntityDefinition[] }>('/api/entities');
  const drafts = useSWR<{ items: DraftSummary[] }>('/api/entities/drafts');
  const items = published.data?.items ?? [];
  const known = new Set(items.map((entity) => entity.key));
  const unpublished = (drafts.data?.items ?? []).filter((item) => !known.has(item.draft.key)).map((item) => ({ ...item.draft, version: 0 }));
  return {
    entities: [...items, ...unpublished],
    error: (published.error ?? drafts.error) as Error | undefined,
    isLoading: published.isLoading || drafts.isLoading,
    mutate: () => Promise.all([published.mutate(), drafts.mutate()]),
  };
}
