import type { Actor, UserDoc } from '@/lib/users/user.types';
import { Access } from '@/lib/permissions/access';
import { accessSnapshot, type AccessSnapshot } from '@/lib/permissions/access.snapshot';
import { PLATFORM_ROLES } from '@/lib/permissions/role.presets';
import { SYSTEM_AREAS, type SystemArea, type TokenLimits } from '@/lib/permissions/permission.types';

const automationSnapshot: AccessSnapshot = {
  roles: new Map(PLATFORM_ROLES.map((role) => [role.key, role])),
  departments: new Map(),
  children: new Map(),
  userDepartments: new Map(),
  compiled: new Map(),
};

/** The actor automations write as: workflows are designed by admins and run as the platform. */
export const AUTOMATION_ACTOR: Actor = {
  id: 'automation',
  email: '',
  name: 'Automation',
  roles: ['admin'],
  departmentId: null,
  via: 'automation',
  access: new Access({ id: 'automation', roles: ['admin'], departmentId: null }, automationSnapshot),
};

export function isAutomation(actor: Pick<Actor, 'id'>): boolean {
  return actor.id === AUTOMATION_ACTOR.id;
}

/**
 * Whether a person makes the write, so that "me" (a `$me` default) means someone: not an
 * automation, and not a visitor's public form submission, which is written as the platform's
 * public-form user (the record's owner field stays empty, for a workflow to assign).
 */
export function isPerson(actor: Pick<Actor, 'id' | 'via'>): boolean {
  return !isAutomation(actor) && actor.via !== 'publicForm';
}

/**
 * The actor for a user, with their permissions compiled once per snapshot of roles and
 * departments (and per token narrowing): every request in the next seconds shares them.
 */
export function actorIn(snapshot: AccessSnapshot, user: Pick<UserDoc, '_id' | 'email' | 'name' | 'roles' | 'departmentId'>, via: Actor['via'], limits: TokenLimits | null = null): Actor {
  const id = user._id.toHexString();
  const roles = [...(user.roles ?? [])].sort();
  const departmentId = user.departmentId ?? null;
  const key = JSON.stringify([id, roles, departmentId, limits]);
  let access = snapshot.compiled.get(key) as Access | undefined;
  if (!access) {
    access = new Access({ id, roles, departmentId }, snapshot, limits);
    snapshot.compiled.set(key, access);
  }
  return { id, email: user.email, name: user.name, roles, departmentId, via, access };
}

export async function actorFor(user: Pick<UserDoc, '_id' | 'email' | 'name' | 'roles' | 'departmentId'>, via: Actor['via'], limits: TokenLimits | null = null): Promise<Actor> {
  return actorIn(await accessSnapshot(), user, via, limits);
}

/** What the browser is told about the signed-in person (/api/me): who they are and which areas they reach. */
export interface MeView {
  id: string;
  email: string;
  name: string;
  roles: string[];
  departmentId: string | null;
  admin: boolean;
  system: SystemArea[];
}

export function meView(actor: Actor): MeView {
  return {
    id: actor.id,
    email: actor.email,
    name: actor.name,
    roles: actor.roles,
    departmentId: actor.departmentId,
    admin: actor.access.admin,
    system: SYSTEM_AREAS.filter((area) => actor.access.system(area)),
  };
}
