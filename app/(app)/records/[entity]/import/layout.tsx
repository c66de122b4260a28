import { PageGate } from '../../../../_components/page-gate';

/** Importing needs the right to import. */
export default async function Layout({ params, children }: { params: Promise<{ entity: string }>; children: React.ReactNode }) {
  const { entity } = await params;
  return <PageGate need={{ entity, action: 'import' }}>{children}</PageGate>;
}
