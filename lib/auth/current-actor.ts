import { LRUCache } from 'lru-cache';
import { getServerSession } from 'next-auth';
import { config } from '@/lib/config';
import { authOptions } from '@/lib/auth/auth-options';
import { hashToken, looksLikeApiToken, tokenIdentity } from '@/lib/auth/api-tokens';
import { identityGeneration } from '@/lib/auth/identity-changes';
import { activeSession } from '@/lib/auth/sessions';
import { actorFor } from '@/lib/permissions/actor';
import { findActiveUser } from '@/lib/users/user.service';
import type { Actor } from '@/lib/users/user.types';

const NOBODY = { actor: null };

/**
 * Asked on every request, so kept for a few seconds. Entries are keyed by the identity
 * generation (lib/auth/identity-changes.ts): a change (a revoked token, a new role) is seen
 * by the very next request, while a lookup already running finishes for its own request.
 */
const actors = new LRUCache<string, { actor: Actor | null }>({
  max: 10_000,
  ttl: config.definitionCacheMs,
  fetchMethod: async (key) => {
    const [, kind, ...rest] = key.split('|');
    if (kind === 'token') {
      const found = await tokenIdentity(rest[0]);
      return found ? { actor: await actorFor(found.user, 'token', found.limits) } : NOBODY;
    }
    const [sid, uid, sv] = rest;
    const [session, user] = await Promise.all([activeSession(sid), findActiveUser(uid)]);
    if (!session || !user || session.userId !== uid || String(user.sessionVersion ?? 1) !== sv) return NOBODY;
    return { actor: await actorFor(user, 'session') };
  },
});

/** The session cookie's claims, for signing out everywhere and for the audit log. */
export async function currentSession(): Promise<{ uid: string; sid: string; sv: number } | null> {
  const session = await getServerSession(authOptions);
  const user = session?.user as { id?: string; sid?: string; sv?: number } | undefined;
  if (!user?.id || !user.sid || typeof user.sv !== 'number') return null;
  return { uid: user.id, sid: user.sid, sv: user.sv };
}

/** Who is calling: a bearer API token, else the session cookie. */
export async function currentActor(req?: Request): Promise<Actor | null> {
  const generation = identityGeneration();
  const authorization = req?.headers.get('authorization');
  if (authorization?.toLowerCase().startsWith('bearer ')) {
    const token = authorization.slice(7).trim();
    // Keyed by the hash, so raw tokens are not kept in memory longer than the request.
    if (!looksLikeApiToken(token)) return null;
    return (await actors.fetch(`${generation}|token|${hashToken(token)}`))?.actor ?? null;
  }
  const session = await currentSession();
  if (!session) return null;
  return (await actors.fetch(`${generation}|session|${session.sid}|${session.uid}|${session.sv}`))?.actor ?? null;
}
