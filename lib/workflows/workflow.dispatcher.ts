import { LRUCache } from 'lru-cache';
import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { groupInsert } from '@/lib/db/group-insert';
import { collection } from '@/lib/db/collections';
import { config } from '@/lib/config';
import { logger } from '@/lib/logger';
import type { RecordDoc, RecordEvent } from '@/lib/records/record.types';
import { plainData } from '@/lib/records/record.view';
import { matchingWorkflows, workflowRunId } from '@/lib/workflows/workflow.matcher';
import { enqueueWorkflowRun } from '@/lib/workflows/workflow.queue';
import type { WorkflowDefinition, WorkflowRunDoc } from '@/lib/workflows/workflow.types';

// Which workflows an event starts is asked on every write.
const triggered = new LRUCache<string, WorkflowDefinition[]>({
  max: 1000,
  ttl: config.definitionCacheMs,
  fetchMethod: async (key) => {
    const [entity, event] = key.split('/');
    const docs = await (await collection('workflows')).find({ 'trigger.entity': entity, 'trigger.event': event, enabled: true }).toArray();
    return docs.map(({ _id, ...definition }) => definition);
  },
});

async function workflowsFor(entity: string, event: RecordEvent): Promise<WorkflowDefinition[]> {
  return (await triggered.fetch(`${entity}/${event}`)) ?? [];
}

/** Drops this process's cached triggers, so a workflow saved here applies to the next write. */
export function forgetWorkflowTriggers(): void {
  triggered.clear();
}

async function insertedOnce(runs: Collection<WorkflowRunDoc>, run: WorkflowRunDoc): Promise<boolean> {
  try {
    await groupInsert(runs, run);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/**
 * Records a run for every workflow the event starts, then queues it. `previous` is the
 * record before an update, for triggers that run only when some fields changed. The run is written
 * first, so a queue that is briefly away loses nothing: the worker's sweep picks it up.
 */
export async function dispatchRecordEvent(entity: string, event: RecordEvent, doc: RecordDoc, previous?: RecordDoc | null): Promise<void> {
  const workflows = matchingWorkflows(await workflowsFor(entity, event), entity, event, plainData(doc), previous ? plainData(previous) : null);
  const runs = await collection('workflowRuns');
  for (const workflow of workflows) {
    const recordId = doc._id.toHexString();
    const now = new Date();
    const run: WorkflowRunDoc = {
      _id: workflowRunId(workflow.key, recordId, event, doc._version),
      workflowKey: workflow.key,
      entity,
      recordId,
      event,
      status: 'queued',
      attempts: 0,
      maxAttempts: config.jobAttempts,
      error: null,
      output: {},
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    // A plain insert, not an upsert: a repeated event finds the run's id taken and stops here.
    // (FerretDB's SQLite backend also scans the whole collection for an upsert that inserts.)
    if (!(await insertedOnce(runs, run))) continue;
    try {
      await enqueueWorkflowRun({ runId: run._id, workflowKey: workflow.key, entity, recordId, event });
    } catch (error) {
      logger.warn({ err: error, runId: run._id }, 'queue unavailable; the worker sweep will enqueue the run');
    }
  }
}
