import { NextResponse, type NextRequest } from 'next/server';
import { securityHeaders } from '@/lib/http/security-headers';

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

/**
 * The one kind of page anyone may open without a session: a public form (/f/<slug>, outside
 * the signed-in app's layout). Exactly one path segment, so nothing below it becomes public.
 */
function isPublicFormPage(pathname: string): boolean {
  return /^\/f\/[A-Za-z0-9_-]{1,64}$/.test(pathname);
}

/**
 * Every page: a Content Security Policy with a fresh nonce (Next.js puts it on its own
 * scripts, read from the request's header) and the other security headers; people without
 * a session cookie go to the sign-in page (but for a public form's page), remembering where they were going. Only a fast
 * first filter: the app layout and every API route verify the session itself.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const headers = securityHeaders({ nonce });
  const signingIn = request.nextUrl.pathname === '/signin' || request.nextUrl.pathname.startsWith('/signin/');
  let response: NextResponse;
  if (signingIn || isPublicFormPage(request.nextUrl.pathname) || SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const forwarded = new Headers(request.headers);
    forwarded.set('x-nonce', nonce);
    forwarded.set('content-security-policy', headers['content-security-policy']);
    response = NextResponse.next({ request: { headers: forwarded } });
  } else {
    const target = new URL('/signin', request.url);
    target.searchParams.set('callbackUrl', `${request.nextUrl.pathname}${request.nextUrl.search}`);
    response = NextResponse.redirect(target);
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Pages only: the API sets its own headers (lib/http/api-route.ts); static files (and the icon, also shown on the sign-in page) need none.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
