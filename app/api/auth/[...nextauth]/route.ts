import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/auth-options';
import { DEVICE_COOKIE, deviceCookieValue } from '@/lib/auth/signin-throttle';
import { securityHeaders } from '@/lib/http/security-headers';

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

async function withHeaders(response: Response): Promise<Response> {
  for (const [name, value] of Object.entries(securityHeaders())) if (!response.headers.has(name)) response.headers.set(name, value);
  return response;
}

export async function GET(req: Request, context: Context) {
  return withHeaders(await handler(req, context));
}

/**
 * A successful password sign-in also leaves a device cookie for that account: this browser
 * has signed in before, so throttling by account never makes it wait
 * (lib/auth/signin-throttle.ts).
 */
export async function POST(req: Request, context: Context) {
  const signingIn = new URL(req.url).pathname.endsWith('/callback/credentials');
  const form = signingIn ? await req.clone().formData().catch(() => null) : null;
  const response = await handler(req, context);
  const email = form?.get('email');
  const signedIn = (response.headers.getSetCookie() as string[]).some((cookie: string) => /session-token=[^;]+/.test(cookie) && !/session-token=;/.test(cookie));
  if (signingIn && signedIn && typeof email === 'string') {
    const secure = (process.env.NEXTAUTH_URL ?? '').startsWith('https://');
    response.headers.append('set-cookie', `${DEVICE_COOKIE}=${deviceCookieValue(email.trim().toLowerCase())}; Path=/api/auth; HttpOnly; SameSite=Lax; Max-Age=${365 * 24 * 3600}${secure ? '; Secure' : ''}`);
  }
  return withHeaders(response);
}
