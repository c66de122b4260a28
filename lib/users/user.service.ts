import { LRUCache } from 'lru-cache';
import { ObjectId } from 'mongodb';
import { config } from '@/lib/config';
import { identityChanged, onIdentityChange } from '@/lib/auth/identity-changes';
import { findByIds } from '@/lib/db/by-ids';
import { collection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { badRequest, conflict, notFound } from '@/lib/http/errors';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '@/lib/auth/password';
import { clearFailures, lockedMinutes, recordFailure } from '@/lib/auth/signin-throttle';
import { ROLES, toPublicUser, type Actor, type PublicUser, type Role, type UserDoc } from '@/lib/users/user.types';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toActor(user: UserDoc): Actor {
  return { id: user._id.toHexString(), email: user.email, name: user.name, role: user.role };
}

export interface UserInput {
  email?: unknown;
  name?: unknown;
  role?: unknown;
  password?: unknown;
  active?: unknown;
}

function checkInput(input: UserInput, creating: boolean) {
  const out: Partial<Pick<UserDoc, 'email' | 'name' | 'role' | 'active'>> & { password?: string } = {};
  if (creating || input.email !== undefined) {
    if (typeof input.email !== 'string' || !EMAIL.test(input.email.trim())) throw badRequest('email');
    out.email = normaliseEmail(input.email);
  }
  if (creating || input.name !== undefined) {
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 100) throw badRequest('name');
    out.name = input.name.trim();
  }
  if (creating || input.role !== undefined) {
    if (!ROLES.includes(input.role as Role)) throw badRequest(`role must be one of ${ROLES.join(', ')}`);
    out.role = input.role as Role;
  }
  if (input.active !== undefined) {
    if (typeof input.active !== 'boolean') throw badRequest('active');
    out.active = input.active;
  }
  if (creating || (input.password !== undefined && input.password !== '')) {
    if (typeof input.password !== 'string' || input.password.length < MIN_PASSWORD_LENGTH) {
      throw badRequest(`password must have at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    out.password = input.password;
  }
  return out;
}

export async function createUser(input: UserInput): Promise<PublicUser> {
  const { password, ...fields } = checkInput(input, true);
  const now = new Date();
  const user: UserDoc = {
    _id: new ObjectId(),
    email: fields.email!,
    name: fields.name!,
    role: fields.role!,
    active: fields.active ?? true,
    passwordHash: await hashPassword(password!),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await (await collection('users')).insertOne(user);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw conflict(`email ${user.email}`);
    throw error;
  }
  return toPublicUser(user);
}

export async function updateUser(id: string, input: UserInput): Promise<PublicUser> {
  if (!ObjectId.isValid(id)) throw notFound();
  const { password, ...fields } = checkInput(input, false);
  const update: Partial<UserDoc> = { ...fields, updatedAt: new Date() };
  if (password) update.passwordHash = await hashPassword(password);
  try {
    const users = await collection('users');
    const user = await users.findOneAndUpdate({ _id: new ObjectId(id) }, { $set: update }, { returnDocument: 'after' });
    if (!user) throw notFound();
    identityChanged();
    return toPublicUser(user);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw conflict(`email ${String(fields.email)}`);
    throw error;
  }
}

export async function listUsers(): Promise<PublicUser[]> {
  const users = await (await collection('users')).find({}).sort({ name: 1 }).limit(1000).toArray();
  return users.map(toPublicUser);
}

export async function findActiveUser(id: string): Promise<UserDoc | null> {
  if (!ObjectId.isValid(id)) return null;
  // A lone _id filter: FerretDB's SQLite backend pushes down only that, and scans for anything more.
  const user = await (await collection('users')).findOne({ _id: new ObjectId(id) });
  return user?.active ? user : null;
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

export type SigninResult = { ok: true; actor: Actor } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; minutes: number };

/** Checks a password, counting failures per account so guessing is throttled. */
export async function verifyCredentials(rawEmail: string, password: string): Promise<SigninResult> {
  const email = normaliseEmail(rawEmail);
  const minutes = await lockedMinutes(email);
  if (minutes > 0) return { ok: false, reason: 'throttled', minutes };
  const user = await (await collection('users')).findOne({ email });
  const valid = user !== null && user.active && (await verifyPassword(password, user.passwordHash));
  if (!valid) {
    await recordFailure(email);
    const after = await lockedMinutes(email);
    return after > 0 ? { ok: false, reason: 'throttled', minutes: after } : { ok: false, reason: 'invalid' };
  }
  await clearFailures(email);
  return { ok: true, actor: toActor(user) };
}

export async function countAdmins(): Promise<number> {
  return (await collection('users')).countDocuments({ role: 'admin', active: true });
}
