import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth/current-actor';
import { listDashboards } from '@/lib/dashboards/dashboard.service';
import { listEntities } from '@/lib/entities/entity.service';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  // The first dashboard and the first entity this person may open.
  const [dashboard] = await listDashboards(actor);
  if (dashboard) redirect(`/dashboards/${dashboard.key}`);
  const [entity] = (await listEntities()).filter((candidate) => actor.access.can(candidate.key, 'read'));
  redirect(entity ? `/records/${entity.key}` : '/admin/users');
}
