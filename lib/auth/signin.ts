import { audit } from '@/lib/audit/audit.service';
import { spendLikeAVerification, verifyPassword } from '@/lib/auth/password';
import { attemptSignin, isTrustedDevice, signinSucceeded } from '@/lib/auth/signin-throttle';
import { findUserByEmail, normaliseEmail } from '@/lib/users/user.service';
import type { Identity } from '@/lib/users/user.types';

export interface SigninOrigin {
  address: string;
  userAgent: string | null;
  cookie: string | null;
}

export type SigninResult =
  | { ok: true; identity: Identity; sessionVersion: number }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; seconds: number };

/**
 * Checks a password, throttled (lib/auth/signin-throttle.ts). An unknown or inactive email
 * costs the same work and time as a wrong password for a known one, and answers the same.
 */
export async function verifyCredentials(rawEmail: string, password: string, origin: SigninOrigin): Promise<SigninResult> {
  const email = normaliseEmail(rawEmail).slice(0, 200);
  const where = { address: origin.address, userAgent: origin.userAgent };
  const wait = await attemptSignin(email, origin.address, isTrustedDevice(origin.cookie, email));
  if (wait > 0) {
    await audit({ action: 'signin.throttled', actor: null, origin: where, details: { email } });
    return { ok: false, reason: 'throttled', seconds: Math.ceil(wait / 1000) };
  }
  const user = await findUserByEmail(email);
  const valid = user ? await verifyPassword(password, user.passwordHash) : await spendLikeAVerification(password);
  if (!user || !valid || !user.active) {
    await audit({ action: 'signin.failed', actor: user ? { id: user._id.toHexString(), name: user.name } : null, origin: where, details: { email } });
    return { ok: false, reason: 'invalid' };
  }
  await signinSucceeded(email, origin.address);
  const identity = { id: user._id.toHexString(), email: user.email, name: user.name };
  await audit({ action: 'signin.succeeded', actor: identity, origin: where });
  return { ok: true, identity, sessionVersion: user.sessionVersion ?? 1 };
}
