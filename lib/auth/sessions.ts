import { randomBytes } from 'node:crypto';
import { collection } from '@/lib/db/collections';

/**
 * One signed-in browser. The session cookie (a next-auth JWT) names it, so signing out ends
 * that cookie for good, not only in the browser that signed out. Nothing but signing out
 * writes a session after it starts: a write of its own can never undo an ending.
 */
export interface SessionDoc {
  _id: string;
  userId: string;
  createdAt: Date;
  endedAt: Date | null;
  address: string | null;
  userAgent: string | null;
}

/** A browser's sign-in record (a document here, not a MongoDB client session: no transactions are used). */
export async function recordSignIn(userId: string, origin: { address?: string | null; userAgent?: string | null } = {}): Promise<string> {
  const _id = randomBytes(18).toString('base64url');
  await (await collection('sessions')).insertOne({ _id, userId, createdAt: new Date(), endedAt: null, address: origin.address ?? null, userAgent: origin.userAgent?.slice(0, 300) ?? null });
  return _id;
}

export async function recordSignOut(id: string): Promise<void> {
  await (await collection('sessions')).updateOne({ _id: id, endedAt: null }, { $set: { endedAt: new Date() } });
}

export async function activeSession(id: string): Promise<SessionDoc | null> {
  const session = await (await collection('sessions')).findOne({ _id: id });
  return session && !session.endedAt ? session : null;
}
