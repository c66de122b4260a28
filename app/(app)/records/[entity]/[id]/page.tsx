import { RecordDetail } from '../../../../_components/record-detail';

export default async function RecordDetailPage({ params }: { params: Promise<{ entity: string; id: string }> }) {
  const { entity, id } = await params;
  return <RecordDetail entityKey={entity} id={id} />;
}
