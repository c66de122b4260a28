import { PageGate } from '../../../../../_components/page-gate';

/** Editing needs the right to change records (the record's own scope is the API's to decide). */
export default async function Layout({ params, children }: { params: Promise<{ entity: string }>; children: React.ReactNode }) {
  const { entity } = await params;
  return <PageGate need={{ entity, action: 'update' }}>{children}</PageGate>;
}
