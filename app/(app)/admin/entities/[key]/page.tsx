'use client';

import { use } from 'react';
import { EntityDesigner, NEW_ENTITY } from '../../../../_components/designer/entity-designer';

export default function EntityDesignerPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = use(params);
  return <EntityDesigner entityKey={key === NEW_ENTITY ? null : decodeURIComponent(key)} />;
}
