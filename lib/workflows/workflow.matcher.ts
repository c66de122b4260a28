import type { RecordEvent } from '@/lib/records/record.types';
import type { WorkflowDefinition, WorkflowEvent } from '@/lib/workflows/workflow.types';

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields whose stored value differs between two versions of a record. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Set<string> {
  const changed = new Set<string>();
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) if (!sameValue(before[key], after[key])) changed.add(key);
  return changed;
}

/**
 * The workflows an event on a record starts: enabled, same entity and event, conditions met,
 * and — when the trigger names `changed` fields and the previous values are known — one of
 * those fields changed in this write.
 */
export function matchingWorkflows(
  workflows: WorkflowDefinition[],
  entity: string,
  event: RecordEvent,
  data: Record<string, unknown>,
  previous?: Record<string, unknown> | null,
): WorkflowDefinition[] {
  const changed = previous ? changedFields(previous, data) : null;
  return workflows.filter(
    (workflow) =>
      workflow.enabled &&
      workflow.trigger.entity === entity &&
      workflow.trigger.event === event &&
      Object.entries(workflow.trigger.when ?? {}).every(([field, expected]) => (data[field] ?? null) === expected) &&
      (!workflow.trigger.changed?.length || event !== 'updated' || (changed !== null && workflow.trigger.changed.some((field) => changed.has(field)))),
  );
}

/** A run id that is the same for the same workflow, record, event and record version. */
export function workflowRunId(workflowKey: string, recordId: string, event: WorkflowEvent, version: number, action?: string): string {
  // BullMQ job ids may not contain ":".
  return action ? `${workflowKey}-${recordId}-action-${action}-v${version}` : `${workflowKey}-${recordId}-${event}-v${version}`;
}
