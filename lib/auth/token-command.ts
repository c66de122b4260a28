import { audit } from '@/lib/audit/audit.service';
import { issueApiToken, type ApiTokenView } from '@/lib/auth/api-tokens';
import { collection } from '@/lib/db/collections';
import { findUserByEmail } from '@/lib/users/user.service';

export class TokenCommandError extends Error {}

/**
 * A script's first API token, issued from the machine Salesflow runs on
 * (./salesflow token create): whoever runs the launcher there holds the database anyway, so
 * no sign-in is asked. The token acts as the named active user, with their permissions; its
 * issuer in the records is the installation's first admin, and the audit log says it came
 * from the command line.
 */
export async function createTokenForUser(input: { email: string; name?: string; expiresInDays?: number }): Promise<{ token: string; apiToken: ApiTokenView; email: string }> {
  const user = await findUserByEmail(input.email);
  if (!user || !user.active) throw new TokenCommandError(`no active user with the email ${input.email}`);
  const admins = await (await collection('users')).find({ roles: 'admin', active: true }).sort({ createdAt: 1 }).limit(1).toArray();
  const issuer = admins[0] ?? user;
  const name = input.name?.trim() || `script ${new Date().toISOString().slice(0, 10)}`;
  const issued = await issueApiToken({ name, userId: user._id.toHexString(), expiresInDays: input.expiresInDays }, issuer._id.toHexString());
  const { id, userId, readOnly, entities, expiresAt } = issued.apiToken;
  await audit({
    action: 'token.issued',
    actor: { id: issuer._id.toHexString(), name: issuer.name },
    origin: { address: 'command line', userAgent: './salesflow token create' },
    target: { kind: 'token', id, name },
    details: { userId, readOnly, entities, expiresAt },
  });
  return { ...issued, email: user.email };
}
