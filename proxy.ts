import { NextResponse, type NextRequest } from 'next/server';

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

/**
 * Sends people without a session cookie to the sign-in page, remembering where they were going.
 * Only a fast first filter: the app layout and every API route verify the session itself.
 */
export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const target = new URL('/signin', request.url);
  target.searchParams.set('callbackUrl', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(target);
}

export const config = {
  // Pages only: the API answers 401 itself, and sign-in and static files need no session.
  matcher: ['/((?!api/|signin|_next/|favicon.ico).*)'],
};
