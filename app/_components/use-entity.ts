'use client';

import useSWR from 'swr';
import type { EntityDefinition } from '@/lib/entities/entity.types';

export function useEntity(key: string) {
  return useSWR<EntityDefinition>(`/api/entities/${encodeURIComponent(key)}`);
}
