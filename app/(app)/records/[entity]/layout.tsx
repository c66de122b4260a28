import { PageGate } from '../../../_components/page-gate';

/** Every page of an entity's records needs the right to read some of them. */
export default async function Layout({ params, children }: { params: Promise<{ entity: string }>; children: React.ReactNode }) {
  const { entity } = await params;
  return <PageGate need={{ entity, action: 'read' }}>{children}</PageGate>;
}
