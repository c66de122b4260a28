import { collection } from '@/lib/db/collections';
import { config } from '@/lib/config';
import { logger } from '@/lib/logger';
import type { RecordDoc, RecordEvent } from '@/lib/records/record.types';
import { recordData } from '@/lib/records/record.view';
import { matchingWorkflows, workflowRunId } from '@/lib/workflows/workflow.matcher';
import { enqueueWorkflowRun } from '@/lib/workflows/workflow.queue';
import type { WorkflowDefinition, WorkflowRunDoc } from '@/lib/workflows/workflow.types';

async function workflowsFor(entity: string, event: RecordEvent): Promise<WorkflowDefinition[]> {
  const docs = await (await collection('workflows')).find({ 'trigger.entity': entity, 'trigger.event': event, enabled: true }).toArray();
  return docs.map(({ _id, ...definition }) => definition);
}

/**
 * Records a run for every workflow the event starts, then queues it. The run is written
 * first, so a queue that is briefly away loses nothing: the worker's sweep picks it up.
 */
export async function dispatchRecordEvent(entity: string, event: RecordEvent, doc: RecordDoc): Promise<void> {
  const workflows = matchingWorkflows(await workflowsFor(entity, event), entity, event, recordData(doc));
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
    const inserted = await runs.updateOne({ _id: run._id }, { $setOnInsert: run }, { upsert: true });
    if (inserted.upsertedCount === 0) continue;
    try {
      await enqueueWorkflowRun({ runId: run._id, workflowKey: workflow.key, entity, recordId, event });
    } catch (error) {
      logger.warn({ err: error, runId: run._id }, 'queue unavailable; the worker sweep will enqueue the run');
    }
  }
}
