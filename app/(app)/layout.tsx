import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth/current-actor';
import { listEntities } from '@/lib/entities/entity.service';
import { listDashboards } from '@/lib/dashboards/dashboard.service';
import { AppShell, type NavData } from '../_components/app-shell';

export const dynamic = 'force-dynamic';

/** Every page in here needs a signed-in, active user. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  const [entities, dashboards] = await Promise.all([listEntities(), listDashboards(actor)]);
  const nav: NavData = {
    entities: entities.map((entity) => ({ key: entity.key, label: entity.label })),
    dashboards: dashboards.map((dashboard) => ({ key: dashboard.key, label: dashboard.title })),
  };
  return (
    <AppShell user={actor} nav={nav}>
      {children}
    </AppShell>
  );
}
