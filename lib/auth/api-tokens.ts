import { identityChanged } from '@/lib/auth/identity-changes';
import { createHash, randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { collection } from '@/lib/db/collections';
import { findByIds } from '@/lib/db/by-ids';
import { badRequest, notFound } from '@/lib/errors/app-error';
import { findEntity } from '@/lib/entities/entity.service';
import { findActiveUser } from '@/lib/users/user.service';
import type { ApiTokenDoc } from '@/lib/auth/api-token.types';
import type { TokenLimits } from '@/lib/permissions/permission.types';
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
  readOnly: boolean;
  entities: string[] | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function toView(doc: ApiTokenDoc, lastUsedAt: Date | null): ApiTokenView {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    userId: doc.userId.toHexString(),
    prefix: doc.prefix,
    readOnly: doc.readOnly === true,
    entities: doc.entities ?? null,
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt ?? null,
    lastUsedAt: lastUsedAt ?? (doc as { lastUsedAt?: Date | null }).lastUsedAt ?? null,
    revokedAt: doc.revokedAt,
  };
}

export function tokenLimits(doc: Pick<ApiTokenDoc, 'readOnly' | 'entities'>): TokenLimits | null {
  const entities = Array.isArray(doc.entities) && doc.entities.length > 0 ? doc.entities : null;
  return doc.readOnly || entities ? { readOnly: doc.readOnly === true, entities } : null;
}

/**
 * Issues a token for a user; the secret is returned this once and only its hash is kept. It
 * acts with its user's permissions, optionally narrowed to reading or to some entities.
 */
export async function issueApiToken(input: { name: unknown; userId: unknown; readOnly?: unknown; entities?: unknown; expiresInDays?: unknown }, issuerId: string) {
  if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 100) throw badRequest('name');
  if (typeof input.userId !== 'string' || !(await findActiveUser(input.userId))) throw badRequest('userId');
  if (input.readOnly !== undefined && typeof input.readOnly !== 'boolean') throw badRequest('readOnly must be true or false');
  let entities: string[] | null = null;
  if (input.entities !== undefined && input.entities !== null) {
    if (!Array.isArray(input.entities) || input.entities.length > 200 || !input.entities.every((key) => typeof key === 'string')) throw badRequest('entities must be a list of entity keys');
    for (const key of input.entities as string[]) if (!(await findEntity(key))) throw badRequest(`no entity "${key}"`);
    entities = input.entities.length > 0 ? [...new Set(input.entities as string[])] : null;
  }
  const days = input.expiresInDays;
  if (days !== undefined && days !== null && (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 3650)) throw badRequest('expiresInDays must be a whole number of days from 1 to 3650');
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const doc: ApiTokenDoc = {
    _id: new ObjectId(),
    userId: new ObjectId(input.userId),
    name: input.name.trim(),
    tokenHash: hashToken(token),
    prefix: token.slice(0, 10),
    readOnly: input.readOnly === true,
    entities,
    createdAt: new Date(),
    createdBy: new ObjectId(issuerId),
    ...(typeof days === 'number' ? { expiresAt: new Date(Date.now() + days * 86_400_000) } : {}),
    revokedAt: null,
  };
  await (await collection('apiTokens')).insertOne(doc);
  return { token, apiToken: toView(doc, null) };
}

export async function listApiTokens(): Promise<ApiTokenView[]> {
  const docs = await (await collection('apiTokens')).find({}).sort({ createdAt: -1 }).limit(1000).toArray();
  const usage = await findByIds(await collection('apiTokenUsage'), docs.map((doc) => doc._id));
  const used = new Map(usage.map((entry) => [entry._id.toHexString(), entry.lastUsedAt]));
  return docs.map((doc) => toView(doc, used.get(doc._id.toHexString()) ?? null));
}

/** Revokes a token: from the moment this answers, no request authenticates with it. */
export async function revokeApiToken(id: string): Promise<ApiTokenView> {
  if (!ObjectId.isValid(id)) throw notFound();
  const tokens = await collection('apiTokens');
  const result = await tokens.updateOne({ _id: new ObjectId(id), revokedAt: null }, { $set: { revokedAt: new Date() } });
  const doc = await tokens.findOne({ _id: new ObjectId(id) });
  if (!doc || (result.matchedCount === 0 && !doc.revokedAt)) throw notFound();
  // Read back: the revocation must be stored before anyone is told it happened.
  if (!doc.revokedAt) throw new Error(`token ${id} was not revoked`);
  identityChanged();
  return toView(doc, null);
}

export function looksLikeApiToken(token: string): boolean {
  return token.startsWith(TOKEN_PREFIX);
}

/** The active user a bearer token (by its hash) acts for, with the token's limits, or null when it is unknown or revoked. */
export async function tokenIdentity(tokenHash: string): Promise<{ user: UserDoc; limits: TokenLimits | null } | null> {
  const doc = await (await collection('apiTokens')).findOne({ tokenHash });
  if (!doc || doc.revokedAt || (doc.expiresAt && doc.expiresAt.getTime() <= Date.now())) return null;
  const user = await findActiveUser(doc.userId.toHexString());
  if (!user) return null;
  // Last use is kept to the minute in a document of its own (see ApiTokenDoc.revokedAt).
  const usage = await collection('apiTokenUsage');
  const now = new Date();
  await usage.updateOne({ _id: doc._id, lastUsedAt: { $lt: new Date(now.getTime() - 60_000) } }, { $set: { lastUsedAt: now } }).then(async (result) => {
    if (result.matchedCount === 0) await usage.insertOne({ _id: doc._id, lastUsedAt: now }).catch(() => undefined);
  });
  return { user, limits: tokenLimits(doc) };
}
