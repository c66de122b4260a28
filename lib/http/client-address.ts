/**
 * The address a request came from. Next.js puts the connection's address in
 * X-Forwarded-For unless the request already has one; a reverse proxy in front appends the
 * address it saw. The last entry is therefore the nearest hop the server can vouch for.
 * Without a proxy a client can choose it, so it only ever slows requests further
 * (lib/auth/signin-throttle.ts), never grants anything.
 */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>): string {
  const raw = headers instanceof Headers ? headers.get('x-forwarded-for') : headers['x-forwarded-for'];
  const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  const last = value.split(',').map((part) => part.trim()).filter(Boolean).at(-1) ?? 'unknown';
  return last.replace(/^::ffff:/, '').slice(0, 64);
}
