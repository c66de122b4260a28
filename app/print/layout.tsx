import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth/current-actor';

export const dynamic = 'force-dynamic';

/** The print view stands alone (no navigation, no app shell), but only for a signed-in user. */
export default async function PrintLayout({ children }: { children: React.ReactNode }) {
  if (!(await currentActor())) redirect('/signin');
  return children;
}
