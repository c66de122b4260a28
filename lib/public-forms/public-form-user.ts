import { randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { collection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { hashPassword } from '@/lib/auth/password';
import type { UserDoc } from '@/lib/users/user.types';

/** The address of the platform user public form submissions are written as (a reserved domain: nobody's mailbox). */
export const PUBLIC_FORM_USER_EMAIL = 'public-form@system.salesflow.invalid';

/**
 * The user a visitor's submission is written as: it creates and owns the record until a
 * workflow assigns it, and the record's history names it. It holds no role and is inactive,
 * so it can never sign in, hold a token or be picked as anyone's owner; what it may write is
 * decided per form (lib/permissions/public-form-access.ts). Made at setup, or by the first
 * submission on a database set up before public forms existed.
 */
export async function ensurePublicFormUser(): Promise<UserDoc> {
  const users = await collection('users');
  const existing = await users.findOne({ email: PUBLIC_FORM_USER_EMAIL });
  if (existing) return existing;
  const now = new Date();
  const user: UserDoc = {
    _id: new ObjectId(),
    email: PUBLIC_FORM_USER_EMAIL,
    name: '公开表单 Public form',
    roles: [],
    departmentId: null,
    // A password nobody was ever told, on an account that is inactive anyway.
    passwordHash: await hashPassword(randomBytes(32).toString('base64url')),
    active: false,
    sessionVersion: 1,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await users.insertOne(user);
    return user;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return (await users.findOne({ email: PUBLIC_FORM_USER_EMAIL }))!;
  }
}
