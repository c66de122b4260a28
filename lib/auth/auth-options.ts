import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { audit } from '@/lib/audit/audit.service';
import { recordSignIn, recordSignOut } from '@/lib/auth/sessions';
import { verifyCredentials } from '@/lib/auth/signin';
import { clientAddress } from '@/lib/http/client-address';

declare module 'next-auth' {
  interface Session {
    user: { id: string; name: string; email: string };
  }
  interface User {
    /** The user's session version at sign-in (UserDoc.sessionVersion). */
    sv: number;
    address: string;
    userAgent: string | null;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    /** The session (lib/auth/sessions.ts) this cookie belongs to. */
    sid?: string;
    sv?: number;
  }
}

function header(headers: Record<string, unknown> | undefined, name: string): string | null {
  const value = headers?.[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : null;
}

/**
 * Sessions are next-auth JWT cookies that name a stored session and the user's session
 * version; lib/auth/current-actor.ts checks both on every request, so signing out, "sign
 * out everywhere", a new password and deactivation end a cookie for good.
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: 7 * 24 * 3600 },
  pages: { signIn: '/signin' },
  providers: [
    CredentialsProvider({
      name: 'credentials',
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) throw new Error('required');
        const headers = (req?.headers ?? {}) as Record<string, unknown>;
        const address = clientAddress(headers as Record<string, string>);
        const userAgent = header(headers, 'user-agent');
        const result = await verifyCredentials(credentials.email, credentials.password, { address, userAgent, cookie: header(headers, 'cookie') });
        // The message reaches the sign-in page, which words it in the user's language.
        if (!result.ok) throw new Error(result.reason === 'throttled' ? `throttled:${result.seconds}` : 'invalid');
        return { ...result.identity, sv: result.sessionVersion, address, userAgent };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = user.sv;
        token.sid = await recordSignIn(user.id, { address: user.address, userAgent: user.userAgent });
      }
      return token;
    },
    session({ session, token }) {
      // Read on the server (lib/auth/current-actor.ts); the cookie itself stays HTTP-only and signed.
      session.user = { id: token.uid ?? '', name: token.name ?? '', email: token.email ?? '', sid: token.sid, sv: token.sv } as typeof session.user;
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (!token?.sid) return;
      await recordSignOut(token.sid);
      await audit({ action: 'session.ended', actor: token.uid ? { id: token.uid, name: token.name ?? '' } : null, target: { kind: 'session', id: token.sid } });
    },
  },
};
