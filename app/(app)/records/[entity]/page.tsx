import { RecordList } from '../../../_components/record-list';

export default async function RecordListPage({ params }: { params: Promise<{ entity: string }> }) {
  const { entity } = await params;
  return <RecordList entityKey={entity} />;
}
