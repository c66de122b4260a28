import { ObjectId } from 'mongodb';
import type { AccessSnapshot } from '@/lib/permissions/access.snapshot';
import { actorIn } from '@/lib/permissions/actor';
import { PLATFORM_ROLES } from '@/lib/permissions/role.presets';
import type { DepartmentDoc, RoleDefinition } from '@/lib/permissions/permission.types';
import type { Actor } from '@/lib/users/user.types';

/** Roles, departments and users' departments, as lib/permissions reads them, made in memory. */
export function testSnapshot(options: { roles?: RoleDefinition[]; departments?: Partial<DepartmentDoc>[]; users?: Record<string, string | null> } = {}): AccessSnapshot {
  const roles = new Map<string, RoleDefinition>(PLATFORM_ROLES.map((role) => [role.key, role]));
  for (const role of options.roles ?? []) roles.set(role.key, role);
  const now = new Date();
  const departments = new Map((options.departments ?? []).map((doc) => [doc._id!, { name: doc._id!, parentId: null, managerId: null, createdAt: now, updatedAt: now, ...doc } as DepartmentDoc]));
  const children = new Map<string | null, string[]>();
  for (const doc of departments.values()) children.set(doc.parentId, [...(children.get(doc.parentId) ?? []), doc._id]);
  return { roles, departments, children, userDepartments: new Map(Object.entries(options.users ?? {})), compiled: new Map() };
}

/** An actor holding some roles (the platform presets unless the snapshot has more). */
export function testActor(roles: string[], options: { id?: string; departmentId?: string | null; snapshot?: AccessSnapshot; name?: string } = {}): Actor {
  const id = options.id ?? new ObjectId().toHexString();
  return actorIn(options.snapshot ?? testSnapshot(), { _id: new ObjectId(id), email: `${roles.join('-')}@test.local`, name: options.name ?? roles.join(' '), roles, departmentId: options.departmentId ?? null }, 'session');
}
