import { PrintView } from '../../../_components/print/print-view';

/** The print view of one record: only the document (A4, print CSS), printed or saved as PDF by the browser. */
export default async function PrintPage({ params, searchParams }: { params: Promise<{ entity: string; id: string }>; searchParams: Promise<{ template?: string }> }) {
  const { entity, id } = await params;
  const { template } = await searchParams;
  return <PrintView entityKey={entity} id={id} template={template ?? ''} />;
}
