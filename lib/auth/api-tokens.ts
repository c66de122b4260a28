import { identityChanged } from '@/lib/auth/identity-changes';
import { createHash, randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { collection } from '@/lib/db/collections';
import { badRequest, notFound } from '@/lib/http/errors';
import { findActiveUser } from '@/lib/users/user.service';
import type { ApiTokenDoc } from '@/lib/auth/api-token.types';
import type { UserDoc } from '@/lib/users/user.types';

const TOKEN_PREFIX = 'sf_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface ApiTokenView {
  id: string;
  name: string;
  userId: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function toView(doc: ApiTokenDoc): ApiTokenView {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    userId: doc.userId.toHexString(),
    prefix: doc.prefix,
    createdAt: doc.createdAt,
    lastUsedAt: doc.lastUsedAt,
    revokedAt: doc.revokedAt,
  };
}

/** Issues a token for a user; the secret is returned this once and only its hash is kept. */
export async function issueApiToken(input: { name: unknown; userId: unknown }, issuerId: string) {
  if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 100) throw badRequest('name');
  if (typeof input.userId !== 'string' || !(await findActiveUser(input.userId))) throw badRequest('userId');
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const doc: ApiTokenDoc = {
    _id: new ObjectId(),
    userId: new ObjectId(input.userId),
    name: input.name.trim(),
    tokenHash: hashToken(token),
    prefix: token.slice(0, 10),
    createdAt: new Date(),
    createdBy: new ObjectId(issuerId),
    lastUsedAt: null,
    revokedAt: null,
  };
  await (await collection('apiTokens')).insertOne(doc);
  return { token, apiToken: toView(doc) };
}

export async function listApiTokens(): Promise<ApiTokenView[]> {
  const docs = await (await collection('apiTokens')).find({}).sort({ createdAt: -1 }).limit(1000).toArray();
  return docs.map(toView);
}

export async function revokeApiToken(id: string): Promise<void> {
  if (!ObjectId.isValid(id)) throw notFound();
  const result = await (await collection('apiTokens')).updateOne(
    { _id: new ObjectId(id), revokedAt: null },
    { $set: { revokedAt: new Date() } },
  );
  if (result.matchedCount === 0) throw notFound();
  identityChanged();
}

export function looksLikeApiToken(token: string): boolean {
  return token.startsWith(TOKEN_PREFIX);
}

/** The active user a bearer token (by its hash) acts for, or null when it is unknown or revoked. */
export async function userForTokenHash(tokenHash: string): Promise<UserDoc | null> {
  const tokens = await collection('apiTokens');
  const doc = await tokens.findOne({ tokenHash, revokedAt: null });
  if (!doc) return null;
  const now = new Date();
  // Last use is kept to the minute: writing it on every request would double the writes.
  if (!doc.lastUsedAt || now.getTime() - doc.lastUsedAt.getTime() > 60_000) {
    await tokens.updateOne({ _id: doc._id }, { $set: { lastUsedAt: now } });
  }
  return findActiveUser(doc.userId.toHexString());
}
