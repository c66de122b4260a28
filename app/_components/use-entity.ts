'use client';

import useSWR from 'swr';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { EntityAccessSummary } from '@/lib/permissions/entity-view';

/** An entity as GET /api/entities/:key sends it: the caller's fields, and what they may do with it. */
export type EntityForMe = EntityDefinition & { access?: EntityAccessSummary };

/** `null`: nothing to fetch (yet). */
export function useEntity(key: string | null) {
  return useSWR<EntityForMe>(key === null ? null : `/api/entities/${encodeURIComponent(key)}`);
}
