import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth/current-actor';
import { listEntities } from '@/lib/entities/entity.service';
import { listDashboards } from '@/lib/dashboards/dashboard.service';
import { accessSnapshot } from '@/lib/permissions/access.snapshot';
import { meView } from '@/lib/permissions/actor';
import { installedPackNames } from '@/lib/templates/template.catalog';
import { AppShell, type NavData } from '../_components/app-shell';

export const dynamic = 'force-dynamic';

/** Every page in here needs a signed-in, active user; the navigation shows what they may use, grouped by the app (template pack) that brought it. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  const [entities, dashboards, snapshot, packNames] = await Promise.all([listEntities(), listDashboards(actor), accessSnapshot(), installedPackNames()]);
  const readable = entities.filter((entity) => actor.access.can(entity.key, 'read'));
  const apps = [...new Set(readable.map((entity) => entity.template).filter((key): key is string => Boolean(key)))].map((key) => ({
    key,
    name: packNames.get(key)?.name ?? { 'zh-CN': key, en: key },
    icon: packNames.get(key)?.icon ?? undefined,
  }));
  const nav: NavData = {
    apps,
    entities: readable.map((entity) => ({ key: entity.key, label: entity.label, icon: entity.icon, app: entity.template ?? null })),
    dashboards: dashboards.map((dashboard) => ({ key: dashboard.key, label: dashboard.title })),
    roles: actor.roles.map((key) => snapshot.roles.get(key)?.name ?? { 'zh-CN': key, en: key }),
  };
  return (
    <AppShell user={meView(actor)} nav={nav}>
      {children}
    </AppShell>
  );
}
