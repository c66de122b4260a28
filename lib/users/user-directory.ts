import { LRUCache } from 'lru-cache';
import { ObjectId } from 'mongodb';
import { config } from '@/lib/config';
import { findByIds } from '@/lib/db/by-ids';
import { managerOf as departmentManagerOf } from '@/lib/permissions/access.snapshot';
import { collection } from '@/lib/db/collections';

// Asked by every notification and approval: whether a person is active, briefly remembered
// (a deactivation reaches automations within the definition cache's time, as everywhere else).
const activeById = new LRUCache<string, { active: boolean }>({
  max: 10_000,
  ttl: config.definitionCacheMs,
  fetchMethod: async (id) => ({ active: Boolean((await (await collection('users')).findOne({ _id: new ObjectId(id) }, { projection: { active: 1 } }))?.active) }),
});

/**
 * What automations ask about people: who holds a role, who manages whom, who is active.
 * One module, so the permissions work (departments and roles as data, branch i13-permissions)
 * replaces these answers here and nowhere else.
 */

/**
 * The manager of a person: the one interface approvals and notifications call. Departments
 * decide it (lib/permissions: the manager of the user's department, or of the department
 * above when they manage their own).
 */
export async function managerOf(userId: string): Promise<string | null> {
  return departmentManagerOf(userId);
}

/**
 * The active people who hold a role. A role is one value of `role` today; `roles` (a list) is
 * how the permissions branch stores them, so both are asked.
 */
export async function usersWithRole(role: string): Promise<string[]> {
  const users = await (await collection('users'))
    .find({ $or: [{ role: role as never }, { roles: role } as never], active: true }, { projection: { _id: 1 } })
    .limit(1000)
    .toArray();
  return users.map((user) => user._id.toHexString());
}

/** The ones of these ids that are active users, in the order given. */
export async function activeUsers(ids: string[]): Promise<string[]> {
  const valid = [...new Set(ids)].filter((id) => ObjectId.isValid(id));
  const answers = await Promise.all(valid.map(async (id) => ((await activeById.fetch(id))?.active ? id : null)));
  return answers.filter((id): id is string => id !== null);
}

export interface Contact {
  id: string;
  name: string;
  email: string;
}

export async function contactsOf(ids: string[]): Promise<Contact[]> {
  const valid = [...new Set(ids)].filter((id) => ObjectId.isValid(id));
  if (valid.length === 0) return [];
  const found = await findByIds(await collection('users'), valid.map((id) => new ObjectId(id)), { name: 1, email: 1, active: 1 });
  return found.filter((user) => user.active).map((user) => ({ id: user._id.toHexString(), name: user.name, email: user.email }));
}
