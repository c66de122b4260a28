import { config } from '@/lib/config';
import { collection } from '@/lib/db/collections';
import { identityGeneration } from '@/lib/auth/identity-changes';
import { PLATFORM_ROLES } from '@/lib/permissions/role.presets';
import type { DepartmentDoc, RoleDefinition } from '@/lib/permissions/permission.types';

/**
 * Everything permissions are decided from, read at once: the roles, the department tree and
 * each user's department. Small (people and departments, not records), kept for a few
 * seconds per process and read again at once when this process changes any of it.
 */
export interface AccessSnapshot {
  roles: Map<string, RoleDefinition>;
  departments: Map<string, DepartmentDoc>;
  /** Department id (null: the top level) → its child departments. */
  children: Map<string | null, string[]>;
  /** User id → department id. */
  userDepartments: Map<string, string | null>;
  /** Compiled permissions by identity, for this snapshot only (lib/permissions/access.ts). */
  compiled: Map<string, unknown>;
}

let cached: { generation: number; loadedAt: number; snapshot: Promise<AccessSnapshot> } | null = null;

async function load(): Promise<AccessSnapshot> {
  const [roleDocs, departmentDocs, users] = await Promise.all([
    (await collection('roles')).find({}).toArray(),
    (await collection('departments')).find({}).toArray(),
    (await collection('users')).find({}, { projection: { departmentId: 1 } }).toArray(),
  ]);
  const roles = new Map<string, RoleDefinition>(PLATFORM_ROLES.map((role) => [role.key, role]));
  for (const { _id, updatedAt: _u, updatedBy: _b, ...role } of roleDocs) {
    // The admin role is always what the platform says: nobody can lock everyone out by editing it.
    if (_id !== 'admin') roles.set(_id, role);
  }
  const departments = new Map(departmentDocs.map((doc) => [doc._id, doc]));
  const children = new Map<string | null, string[]>();
  for (const doc of departmentDocs) {
    const parent = doc.parentId && departments.has(doc.parentId) ? doc.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), doc._id]);
  }
  const userDepartments = new Map(users.map((user) => [user._id.toHexString(), user.departmentId ?? null]));
  return { roles, departments, children, userDepartments, compiled: new Map() };
}

export function accessSnapshot(): Promise<AccessSnapshot> {
  const generation = identityGeneration();
  const now = Date.now();
  if (!cached || cached.generation !== generation || now - cached.loadedAt > config.definitionCacheMs) {
    const snapshot = load();
    cached = { generation, loadedAt: now, snapshot };
    snapshot.catch(() => {
      if (cached?.snapshot === snapshot) cached = null;
    });
  }
  return cached.snapshot;
}

/** A department and every department under it. */
export function departmentSubtree(snapshot: AccessSnapshot, id: string): Set<string> {
  const found = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (found.has(next) || !snapshot.departments.has(next)) continue;
    found.add(next);
    stack.push(...(snapshot.children.get(next) ?? []));
  }
  return found;
}

/** Departments a user manages. */
export function managedDepartments(snapshot: AccessSnapshot, userId: string): string[] {
  return [...snapshot.departments.values()].filter((doc) => doc.managerId === userId).map((doc) => doc._id);
}

/**
 * A user's manager: the manager of their department, or (when they manage it themselves, or
 * it has none) of the nearest department above that has one. Null at the top.
 */
export function managerIn(snapshot: AccessSnapshot, userId: string): string | null {
  let departmentId = snapshot.userDepartments.get(userId) ?? null;
  const seen = new Set<string>();
  while (departmentId && !seen.has(departmentId)) {
    seen.add(departmentId);
    const department = snapshot.departments.get(departmentId);
    if (!department) return null;
    if (department.managerId && department.managerId !== userId) return department.managerId;
    departmentId = department.parentId;
  }
  return null;
}

/** Who approves for a user (a workflow's "the submitter's manager"): see managerIn. */
export async function managerOf(userId: string): Promise<string | null> {
  return managerIn(await accessSnapshot(), userId);
}

/** The department a user belongs to (records they own carry it as _departmentId). */
export async function departmentOfUser(userId: string): Promise<string | null> {
  return (await accessSnapshot()).userDepartments.get(userId) ?? null;
}
