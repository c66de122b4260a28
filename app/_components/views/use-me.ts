'use client';

import useSWR from 'swr';
import type { MeView } from '@/lib/permissions/actor';

/** The signed-in user as /api/me tells it: who, their roles, and the areas they reach. */
export function useMe(): MeView | undefined {
  const { data } = useSWR<{ user?: MeView }>('/api/me');
  return data?.user;
}

/** Mirrors lib/permissions: sharing a list view with everyone is an area of its own. */
export function mayShareViews(me: MeView | undefined): boolean {
  return Boolean(me?.system.includes('shareViews'));
}
