import { redirect } from 'next/navigation';
import { listDashboards } from '@/lib/dashboards/dashboard.service';
import { listEntities } from '@/lib/entities/entity.service';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const [dashboard] = await listDashboards();
  if (dashboard) redirect(`/dashboards/${dashboard.key}`);
  const [entity] = await listEntities();
  redirect(entity ? `/records/${entity.key}` : '/admin/users');
}
