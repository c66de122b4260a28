import { LRUCache } from 'lru-cache';
import { getServerSession } from 'next-auth';
import { config } from '@/lib/config';
import { authOptions } from '@/lib/auth/auth-options';
import { hashToken, looksLikeApiToken, userForTokenHash } from '@/lib/auth/api-tokens';
import { onIdentityChange } from '@/lib/auth/identity-changes';
import { findActiveUser, toActor } from '@/lib/users/user.service';
import type { Actor } from '@/lib/users/user.types';

const NOBODY = { actor: null };

// Asked on every request. Only the web process answers requests, and it forgets every
// identity the moment it changes a user or token, so a change still takes effect at once.
const actors = new LRUCache<string, { actor: Actor | null }>({
  max: 10_000,
  ttl: config.definitionCacheMs,
  fetchMethod: async (key) => {
    const [kind, value] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const user = kind === 'token' ? await userForTokenHash(value) : await findActiveUser(value);
    return user ? { actor: toActor(user) } : NOBODY;
  },
});

onIdentityChange(() => actors.clear());

/** Who is calling: a bearer API token, else the session cookie. */
export async function currentActor(req?: Request): Promise<Actor | null> {
  const authorization = req?.headers.get('authorization');
  if (authorization?.toLowerCase().startsWith('bearer ')) {
    const token = authorization.slice(7).trim();
    // Keyed by the hash, so raw tokens are not kept in memory longer than the request.
    if (!looksLikeApiToken(token)) return null;
    return (await actors.fetch(`token:${hashToken(token)}`))?.actor ?? null;
  }
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) return null;
  return (await actors.fetch(`user:${session.user.id}`))?.actor ?? null;
}
