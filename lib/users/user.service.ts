import { LRUCache } from 'lru-cache';
import { ObjectId } from 'mongodb';
import { config } from '@/lib/config';
import { identityChanged, onIdentityChange } from '@/lib/auth/identity-changes';
import { findByIds } from '@/lib/db/by-ids';
import { collection, recordCollection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { AppError, badRequest, conflict, notFound } from '@/lib/errors/app-error';
import { listEntities } from '@/lib/entities/entity.service';
import { hashPassword, passwordProblem, verifyPassword } from '@/lib/auth/password';
import { accessSnapshot } from '@/lib/permissions/access.snapshot';
import { toPublicUser, type PublicUser, type UserDoc } from '@/lib/users/user.types';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface UserInput {
  email?: unknown;
  name?: unknown;
  roles?: unknown;
  /** One role, as clients before roles were lists sent it. */
  role?: unknown;
  departmentId?: unknown;
  password?: unknown;
  active?: unknown;
}

type CheckedInput = Partial<Pick<UserDoc, 'email' | 'name' | 'roles' | 'active' | 'departmentId'>> & { password?: string };

async function checkInput(input: UserInput, creating: boolean, current?: UserDoc): Promise<CheckedInput> {
  const out: CheckedInput = {};
  if (creating || input.email !== undefined) {
    if (typeof input.email !== 'string' || !EMAIL.test(input.email.trim()) || input.email.length > 200) throw badRequest('email');
    out.email = normaliseEmail(input.email);
  }
  if (creating || input.name !== undefined) {
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 100) throw badRequest('name');
    out.name = input.name.trim();
  }
  const snapshot = await accessSnapshot();
  const roles = input.roles ?? (input.role !== undefined ? [input.role] : undefined);
  if (creating || roles !== undefined) {
    if (!Array.isArray(roles) || roles.length === 0 || roles.length > 20 || !roles.every((role) => typeof role === 'string' && snapshot.roles.has(role))) {
      throw badRequest(`roles must list one or more of ${[...snapshot.roles.keys()].join(', ')}`);
    }
    out.roles = [...new Set(roles as string[])];
  }
  if (input.departmentId !== undefined) {
    if (input.departmentId !== null && (typeof input.departmentId !== 'string' || !snapshot.departments.has(input.departmentId))) throw badRequest('departmentId must name a department');
    out.departmentId = input.departmentId;
  }
  if (input.active !== undefined) {
    if (typeof input.active !== 'boolean') throw badRequest('active');
    out.active = input.active;
  }
  if (creating || (input.password !== undefined && input.password !== '')) {
    const problem = passwordProblem(input.password, { email: out.email ?? current?.email, name: out.name ?? current?.name });
    if (problem) throw problem;
    out.password = input.password as string;
  }
  return out;
}

export async function createUser(input: UserInput): Promise<PublicUser> {
  const { password, ...fields } = await checkInput(input, true);
  const now = new Date();
  const user: UserDoc = {
    _id: new ObjectId(),
    email: fields.email!,
    name: fields.name!,
    roles: fields.roles!,
    departmentId: fields.departmentId ?? null,
    active: fields.active ?? true,
    passwordHash: await hashPassword(password!),
    sessionVersion: 1,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await (await collection('users')).insertOne(user);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw conflict(`email ${user.email}`);
    throw error;
  }
  identityChanged();
  return toPublicUser(user);
}

/**
 * The records a person owns carry their department (_departmentId), so that a department's
 * scope is one indexed filter: when the person moves, their records move with them.
 */
async function moveOwnedRecords(userId: string, departmentId: string | null): Promise<void> {
  for (const def of await listEntities({ includeArchived: true })) {
    await (await recordCollection(def.key)).updateMany({ _ownerId: userId }, { $set: { _departmentId: departmentId } });
  }
}

async function findUser(id: string): Promise<UserDoc> {
  if (!ObjectId.isValid(id)) throw notFound();
  const user = await (await collection('users')).findOne({ _id: new ObjectId(id) });
  if (!user) throw notFound();
  return user;
}

/**
 * Changes a user. A new password, deactivation and reactivation end every session the user
 * had; the last active admin keeps admin rights.
 */
export async function updateUser(id: string, input: UserInput): Promise<{ before: PublicUser; after: PublicUser }> {
  const current = await findUser(id);
  const { password, ...fields } = await checkInput(input, false, current);
  const losesAdmin = (fields.roles && !fields.roles.includes('admin')) || fields.active === false;
  if (current.roles.includes('admin') && current.active && losesAdmin && (await countAdmins()) <= 1) throw badRequest('the last admin cannot lose admin access');
  const update: Partial<UserDoc> = { ...fields, updatedAt: new Date() };
  if (password) update.passwordHash = await hashPassword(password);
  const endsSessions = Boolean(password) || (fields.active !== undefined && fields.active !== current.active);
  try {
    const users = await collection('users');
    const user = await users.findOneAndUpdate({ _id: current._id }, { $set: update, ...(endsSessions ? { $inc: { sessionVersion: 1 } } : {}) }, { returnDocument: 'after' });
    if (!user) throw notFound();
    if (fields.departmentId !== undefined && fields.departmentId !== (current.departmentId ?? null)) await moveOwnedRecords(id, fields.departmentId);
    identityChanged();
    return { before: toPublicUser(current), after: toPublicUser(user) };
  } catch (error) {
    if (isDuplicateKeyError(error)) throw conflict(`email ${String(fields.email)}`);
    throw error;
  }
}

/** Ends every session of a user ("sign out everywhere"): each cookie names the version it was issued under. */
export async function endAllSessions(id: string): Promise<void> {
  const result = await (await collection('users')).updateOne({ _id: new ObjectId(id) }, { $inc: { sessionVersion: 1 }, $set: { updatedAt: new Date() } });
  if (result.matchedCount === 0) throw notFound();
  identityChanged();
}

export async function listUsers(): Promise<PublicUser[]> {
  const users = await (await collection('users')).find({}).sort({ name: 1 }).limit(5000).toArray();
  return users.map(toPublicUser);
}

export async function findActiveUser(id: string): Promise<UserDoc | null> {
  if (!ObjectId.isValid(id)) return null;
  // A lone _id filter: FerretDB's SQLite backend pushes down only that, and scans for anything more.
  const user = await (await collection('users')).findOne({ _id: new ObjectId(id) });
  return user?.active ? user : null;
}

export async function findUserByEmail(email: string): Promise<UserDoc | null> {
  return (await collection('users')).findOne({ email: normaliseEmail(email) });
}

// Whether an id is an active user: asked by every write that names a user (an assignee, an
// owner, `$me`), so kept like the actors are: for the definition cache's time, and forgotten the
// moment this process changes any user (the web process, where people and tokens change).
const activeUsers = new LRUCache<string, boolean>({ max: 10_000, ttl: config.definitionCacheMs });
onIdentityChange(() => activeUsers.clear());

/** The ids among these that are active users (one lookup for those not known yet). */
export async function activeUserIds(ids: string[]): Promise<Set<string>> {
  const unknown = [...new Set(ids)].filter((id) => !activeUsers.has(id));
  if (unknown.length > 0) {
    const valid = unknown.filter((id) => ObjectId.isValid(id));
    const found = valid.length > 0 ? await findByIds(await collection('users'), valid.map((id) => new ObjectId(id)), { active: 1 }) : [];
    const active = new Set(found.filter((user) => user.active).map((user) => user._id.toHexString()));
    for (const id of unknown) activeUsers.set(id, active.has(id));
  }
  return new Set(ids.filter((id) => activeUsers.get(id)));
}

// Names shown beside owners and user fields on every list page: kept like activeUsers.
const names = new LRUCache<string, { name: string | null }>({ max: 10_000, ttl: config.definitionCacheMs });
onIdentityChange(() => names.clear());

export async function userNames(ids: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)].filter((id) => ObjectId.isValid(id));
  const unknown = wanted.filter((id) => !names.has(id));
  if (unknown.length > 0) {
    const users = await findByIds(await collection('users'), unknown.map((id) => new ObjectId(id)), { name: 1 });
    const found = new Map(users.map((user) => [user._id.toHexString(), user.name]));
    for (const id of unknown) names.set(id, { name: found.get(id) ?? null });
  }
  return new Map(
    wanted.flatMap((id): [string, string][] => {
      const name = names.get(id)?.name;
      return typeof name === 'string' ? [[id, name]] : [];
    }),
  );
}

export async function countAdmins(): Promise<number> {
  return (await collection('users')).countDocuments({ roles: 'admin', active: true });
}

/** A person's own password change: the current one first; every session ends (sign in again). */
export async function changeOwnPassword(id: string, current: unknown, password: unknown): Promise<void> {
  const user = await findUser(id);
  if (typeof current !== 'string' || !(await verifyPassword(current, user.passwordHash))) throw new AppError('invalid', 'wrong_password', 'password.wrongCurrent', {}, { current: [] });
  await updateUser(id, { password: typeof password === 'string' && password !== '' ? password : null });
}
