'use client';

import { use } from 'react';
import { PrintTemplateEditor } from '../../../../../_components/print/print-template-editor';

/** The print layouts of an entity, designed in the browser with a live preview (designers). */
export default function PrintTemplatesPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = use(params);
  return <PrintTemplateEditor entityKey={decodeURIComponent(key)} />;
}
