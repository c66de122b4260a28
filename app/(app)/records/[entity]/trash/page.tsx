import { RecycleBin } from '../../../../_components/views/recycle-bin';

export default async function RecycleBinPage({ params }: { params: Promise<{ entity: string }> }) {
  const { entity } = await params;
  return <RecycleBin entityKey={entity} />;
}
