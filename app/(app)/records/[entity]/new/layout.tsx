import { PageGate } from '../../../../_components/page-gate';

/** A new record needs the right to create one. */
export default async function Layout({ params, children }: { params: Promise<{ entity: string }>; children: React.ReactNode }) {
  const { entity } = await params;
  return <PageGate need={{ entity, action: 'create' }}>{children}</PageGate>;
}
