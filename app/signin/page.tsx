import { Suspense } from 'react';
import { redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { authOptions } from '@/lib/auth/auth-options';
import { SignInForm } from './signin-form';

export default async function SignInPage() {
  if (await getServerSession(authOptions)) redirect('/');
  return (
    <Suspense>
      <SignInForm />
    </Suspense>
  );
}
