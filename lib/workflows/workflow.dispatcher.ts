import { LRUCache } from 'lru-cache';
import { config } from '@/lib/config';
import { collection } from '@/lib/db/collections';
import { getEntity } from '@/lib/entities/entity.service';
import { logger } from '@/lib/logger';
import type { RecordWriteEvent } from '@/lib/records/record.events';
import { plainData } from '@/lib/records/record.view';
import { conditionsHold } from '@/lib/workflows/conditions';
import { startRun } from '@/lib/workflows/run-start';
import { triggerKind } from '@/lib/workflows/triggers/registry';
import type { TriggerKind } from '@/lib/workflows/triggers/trigger-kind';
import type { TriggerKindKey, WorkflowDefinition } from '@/lib/workflows/workflow.types';

// Which workflows a write may start is asked on every write: the enabled ones are read once per
// cache period (a handful of documents, by a top-level field the embedded database answers in
// SQL, unlike the dotted `trigger.entity`) and matched here.
const enabledWorkflows = new LRUCache<'enabled', WorkflowDefinition[]>({
  max: 1,
  ttl: config.definitionCacheMs,
  fetchMethod: async () => {
    const docs = await (await collection('workflows')).find({ enabled: true }).toArray();
    return docs.map(({ _id, ...definition }) => definition as WorkflowDefinition);
  },
});

/** The enabled workflows (cached briefly): the scheduler's pass reads them too. */
export async function enabledWorkflowList(): Promise<WorkflowDefinition[]> {
  return (await enabledWorkflows.fetch('enabled')) ?? [];
}

/** Drops this process's cached triggers, so a workflow saved here applies to the next write. */
export function forgetWorkflowTriggers(): void {
  enabledWorkflows.clear();
}

/**
 * Workflows subscribe to record events: each enabled workflow on the entity asks its trigger
 * kind whether this write starts a run, then checks the workflow's conditions (over the new
 * values, the old ones as old.<field>), and records the run before queueing it.
 */
export async function workflowsFollowRecordEvent(event: RecordWriteEvent): Promise<void> {
  if (!event.automations) return;
  const workflows = (await enabledWorkflowList()).filter((workflow) => 'entity' in workflow.trigger && workflow.trigger.entity === event.entity);
  if (workflows.length === 0) return;
  const now = new Date();
  for (const workflow of workflows) {
    const kind = triggerKind(workflow.trigger.event) as TriggerKind<TriggerKindKey> | undefined;
    if (!kind?.onRecordEvent) continue;
    const start = kind.onRecordEvent(workflow as never, event, now);
    if (!start) continue;
    if (workflow.condition?.conditions?.length) {
      const record = 'record' in event ? event.record : event.before;
      const data = { ...plainData(record), id: record._id.toHexString(), ownerId: record._ownerId };
      try {
        const def = await getEntity(event.entity);
        if (!conditionsHold(workflow.condition, def, { record: data, old: start.previous ?? null, now })) continue;
      } catch (error) {
        // A condition that no longer fits the entity (a field removed) starts nothing, and says so.
        logger.warn({ err: error, workflow: workflow.key }, 'workflow condition could not be checked');
        continue;
      }
    }
    await startRun(workflow, start);
  }
}
