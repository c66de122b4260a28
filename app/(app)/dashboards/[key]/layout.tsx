import { getDashboard } from '@/lib/dashboards/dashboard.service';
import { PageGate } from '../../../_components/page-gate';

/** A dashboard opens for the roles it is shared with (and those who compose dashboards); one that does not exist is the page's to report. */
export default async function Layout({ params, children }: { params: Promise<{ key: string }>; children: React.ReactNode }) {
  const { key } = await params;
  const dashboard = await getDashboard(key).catch(() => null);
  if (!dashboard) return children;
  return <PageGate need={{ dashboard }}>{children}</PageGate>;
}
