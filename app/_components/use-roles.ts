'use client';

import useSWR from 'swr';
import type { RoleView } from '@/lib/permissions/role.service';

/** The roles (for admins' pickers: users, field visibility, entity actions). */
export function useRoles() {
  const { data } = useSWR<{ items: RoleView[] }>('/api/roles');
  return data?.items;
}
