/**
 * Headers every answer carries: no framing by other sites (clickjacking), no referrer beyond
 * our origin, no content sniffing, and HTTPS pinned (HSTS) when the public URL is https
 * (next-auth then marks its cookies Secure by itself). Pages also get a Content Security
 * Policy whose scripts need the request's nonce; antd writes its styles inline, so styles
 * may be inline.
 */
export function securityHeaders(options: { nonce?: string } = {}): Record<string, string> {
  const dev = process.env.NODE_ENV !== 'production';
  // 'unsafe-eval': forms validate with the entity's JSON Schema compiled by ajv into a
  // function, in the browser as on the server. Scripts still run only with the nonce (or from
  // one that had it): an injected <script> or inline handler does not.
  const scripts = options.nonce ? `'self' 'nonce-${options.nonce}' 'strict-dynamic' 'unsafe-eval'` : "'none'";
  const csp = options.nonce
    ? [
        "default-src 'self'",
        `script-src ${scripts}`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; ')
    : "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  const headers: Record<string, string> = {
    'content-security-policy': csp,
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-content-type-options': 'nosniff',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
  if ((process.env.NEXTAUTH_URL ?? '').startsWith('https://')) headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}
