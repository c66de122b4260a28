'use client';

import useSWR from 'swr';
import type { Actor } from '@/lib/users/user.types';

/** The signed-in user. /api/me answers `{user, locale}`; a bare actor is accepted too. */
export function useMe(): Actor | undefined {
  const { data } = useSWR<{ user?: Actor } & Partial<Actor>>('/api/me');
  if (!data) return undefined;
  return data.user ?? (data.id ? (data as Actor) : undefined);
}

/** Mirrors lib/auth/permissions: managers and admins may share views and delete records. */
export function canManage(me: Actor | undefined): boolean {
  return me?.role === 'admin' || me?.role === 'manager';
}
