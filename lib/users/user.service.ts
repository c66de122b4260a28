import { ObjectId } from 'mongodb';
import { identityChanged } from '@/lib/auth/identity-changes';
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
  managerId?: unknown;
}

function checkInput(input: UserInput, creating: boolean) {
  const out: Partial<Pick<UserDoc, 'email' | 'name' | 'role' | 'active' | 'managerId'>> & { password?: string } = {};
  if (input.managerId !== undefined) {
    if (input.managerId !== null && (typeof input.managerId !== 'string' || !ObjectId.isValid(input.managerId))) throw badRequest('managerId must be a user id or null');
    out.managerId = input.managerId as string | null;
  }
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
    managerId: fields.managerId ?? null,
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

export async function userNames(ids: string[]): Promise<Map<string, string>> {
  const valid = [...new Set(ids)].filter((id) => ObjectId.isValid(id)).map((id) => new ObjectId(id));
  if (valid.length === 0) return new Map();
  const users = await findByIds(await collection('users'), valid, { name: 1 });
  return new Map(users.map((user) => [user._id.toHexString(), user.name]));
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
