import type { RecordEvent } from '@/lib/records/record.types';
import type { WorkflowDefinition } from '@/lib/workflows/workflow.types';

/** The workflows an event on a record starts: enabled, same entity and event, conditions met. */
export function matchingWorkflows(
  workflows: WorkflowDefinition[],
  entity: string,
  event: RecordEvent,
  data: Record<string, unknown>,
): WorkflowDefinition[] {
  return workflows.filter(
    (workflow) =>
      workflow.enabled &&
      workflow.trigger.entity === entity &&
      workflow.trigger.event === event &&
      Object.entries(workflow.trigger.when ?? {}).every(([field, expected]) => (data[field] ?? null) === expected),
  );
}

/** A run id that is the same for the same workflow, record, event and record version. */
export function workflowRunId(workflowKey: string, recordId: string, event: RecordEvent, version: number): string {
  // BullMQ job ids may not contain ":".
  return `${workflowKey}-${recordId}-${event}-v${version}`;
}
