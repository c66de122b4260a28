import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth/current-actor';
import { mayOpenPage, type PageNeed } from '@/lib/permissions/page-access';
import { NoPermission } from './no-permission';

/** A server layout's check (lib/permissions): the page for those it is for, the no-permission page for everyone else. */
export async function PageGate({ need, children }: { need: PageNeed; children: React.ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  return mayOpenPage(actor, need) ? children : <NoPermission />;
}
