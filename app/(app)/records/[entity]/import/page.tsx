import { ImportWizard } from '../../../../_components/imports/import-wizard';

export default async function ImportPage({ params }: { params: Promise<{ entity: string }> }) {
  const { entity } = await params;
  return <ImportWizard entityKey={entity} />;
}
