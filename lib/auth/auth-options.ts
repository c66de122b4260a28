import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { verifyCredentials } from '@/lib/users/user.service';
import type { Role } from '@/lib/users/user.types';

declare module 'next-auth' {
  interface Session {
    user: { id: string; name: string; email: string; role: Role };
  }
  interface User {
    role: Role;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: Role;
  }
}

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: 7 * 24 * 3600 },
  pages: { signIn: '/signin' },
  providers: [
    CredentialsProvider({
      name: 'credentials',
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(credentials) {
        if (!credentials?.email || !credentials.password) throw new Error('required');
        const result = await verifyCredentials(credentials.email, credentials.password);
        // The message reaches the sign-in page, which words it in the user's language.
        if (!result.ok) throw new Error(result.reason === 'throttled' ? `throttled:${result.minutes}` : 'invalid');
        return result.actor;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      session.user = {
        id: token.uid ?? '',
        name: token.name ?? '',
        email: token.email ?? '',
        role: token.role ?? 'staff',
      };
      return session;
    },
  },
};
