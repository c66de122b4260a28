'use client';

import { use } from 'react';
import { WorkflowDesigner } from '../../../../_components/automation/workflow-designer';

/** /admin/workflows/new builds a new workflow; /admin/workflows/<key> edits one. */
export default function WorkflowDesignerPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = use(params);
  return <WorkflowDesigner workflowKey={key === 'new' ? null : key} />;
}
