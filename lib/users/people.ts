import { activeUsers, managerOf, usersWithRole } from '@/lib/users/user-directory';

/** Who may be chosen, asked or told: people named, a role's holders, a user field of the record, its owner or a manager. */
export type PeopleSpec =
  | { type: 'users'; users: string[] }
  | { type: 'role'; role: string }
  | { type: 'field'; field: string }
  | { type: 'owner' }
  | { type: 'owner_manager' }
  | { type: 'submitter_manager' };

export const PEOPLE_TYPES: PeopleSpec['type'][] = ['users', 'role', 'field', 'owner', 'owner_manager', 'submitter_manager'];

export interface PeopleContext {
  /** The record's values (user fields) and system fields (_ownerId). */
  record: Record<string, unknown> | null;
  /** The person the run acts for. */
  submitterId: string | null;
}

function idsIn(value: unknown): string[] {
  if (typeof value === 'string' && value) return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return [];
}

/** The active people a list of specs names, each once, in order. */
export async function resolvePeople(specs: PeopleSpec[], ctx: PeopleContext): Promise<string[]> {
  const ids: string[] = [];
  for (const spec of specs ?? []) {
    switch (spec?.type) {
      case 'users':
        ids.push(...idsIn(spec.users));
        break;
      case 'role':
        ids.push(...(await usersWithRole(spec.role)));
        break;
      case 'field':
        if (ctx.record && Object.prototype.hasOwnProperty.call(ctx.record, spec.field)) ids.push(...idsIn(ctx.record[spec.field]));
        break;
      case 'owner':
        ids.push(...idsIn(ctx.record?._ownerId));
        break;
      case 'owner_manager': {
        const owner = idsIn(ctx.record?._ownerId)[0];
        const manager = owner ? await managerOf(owner) : null;
        if (manager) ids.push(manager);
        break;
      }
      case 'submitter_manager': {
        const manager = ctx.submitterId ? await managerOf(ctx.submitterId) : null;
        if (manager) ids.push(manager);
        break;
      }
    }
  }
  return activeUsers(ids);
}

export function peopleProblems(specs: unknown, where: string, allowed: PeopleSpec['type'][] = PEOPLE_TYPES): string[] {
  const list = Array.isArray(specs) ? specs : [specs];
  if (list.length === 0) return [`${where}: choose who`];
  const problems: string[] = [];
  for (const spec of list as PeopleSpec[]) {
    if (!spec || !allowed.includes(spec.type)) {
      problems.push(`${where}: "${String((spec as { type?: unknown })?.type)}" is not a way to choose people here`);
      continue;
    }
    if (spec.type === 'users' && (!Array.isArray(spec.users) || spec.users.length === 0 || spec.users.some((id) => typeof id !== 'string' || !/^[a-f0-9]{24}$/.test(id)))) {
      problems.push(`${where}: choose at least one person`);
    }
    if (spec.type === 'role' && (typeof spec.role !== 'string' || !spec.role)) problems.push(`${where}: choose a role`);
    if (spec.type === 'field' && (typeof spec.field !== 'string' || !spec.field)) problems.push(`${where}: choose a user field`);
  }
  return problems;
}
