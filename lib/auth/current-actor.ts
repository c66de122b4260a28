import { getServerSession } from 'next-auth';
import { authOptions } from '@/lib/auth/auth-options';
import { userForApiToken } from '@/lib/auth/api-tokens';
import { findActiveUser, toActor } from '@/lib/users/user.service';
import type { Actor } from '@/lib/users/user.types';

/**
 * Who is calling: a bearer API token, else the session cookie. The user is read from the
 * database each time, so a deactivated user or a changed role takes effect at once.
 */
export async function currentActor(req?: Request): Promise<Actor | null> {
  const authorization = req?.headers.get('authorization');
  if (authorization?.toLowerCase().startsWith('bearer ')) {
    const user = await userForApiToken(authorization.slice(7).trim());
    return user ? toActor(user) : null;
  }
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) return null;
  const user = await findActiveUser(session.user.id);
  return user ? toActor(user) : null;
}
