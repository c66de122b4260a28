import { MongoBulkWriteError } from 'mongodb';
import { config } from '@/lib/config';
import { collection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { groupInsert } from '@/lib/db/group-insert';
import { enqueue, enqueueMany, type WorkflowEvent } from '@/lib/jobs/jobs';
import { logger } from '@/lib/logger';
import type { WorkflowDefinition, WorkflowRunDoc } from '@/lib/workflows/workflow.types';

/** What a trigger hands over to start one run. */
export interface RunStart {
  /** Derived from what the run is for (workflow, record, version or slot): a repeat finds it. */
  runId: string;
  entity: string;
  recordId: string;
  event: WorkflowEvent;
  startedBy?: string;
  previous?: Record<string, unknown> | null;
  payload?: unknown;
  action?: string;
  depth?: number;
  /** Set when the loop guard refused it: the run is recorded as refused, with this reason. */
  refused?: string;
}

export function newRun(workflow: WorkflowDefinition, start: RunStart): WorkflowRunDoc {
  const now = new Date();
  return {
    _id: start.runId,
    workflowKey: workflow.key,
    workflowVersion: workflow.version,
    entity: start.entity,
    recordId: start.recordId,
    event: start.event,
    ...(start.action ? { action: start.action } : {}),
    ...(start.startedBy ? { startedBy: start.startedBy } : {}),
    depth: start.depth ?? 0,
    status: start.refused ? 'refused' : 'queued',
    attempts: 0,
    maxAttempts: config.jobAttempts,
    error: start.refused ?? null,
    output: {},
    steps: {},
    vars: {},
    ...(start.payload !== undefined ? { payload: start.payload } : {}),
    ...(start.previous ? { previous: start.previous } : {}),
    waitingOn: null,
    wakeAt: null,
    leaseUntil: null,
    createdAt: now,
    updatedAt: now,
    finishedAt: start.refused ? now : null,
  };
}

export function jobData(run: Pick<WorkflowRunDoc, '_id' | 'workflowKey' | 'entity' | 'recordId' | 'event'>) {
  return { runId: run._id, workflowKey: run.workflowKey, entity: run.entity, recordId: run.recordId, event: run.event };
}

/**
 * Records a run, then queues it. The run is written first, so a queue that is briefly away
 * loses nothing: the scheduler's sweep queues it later. A plain insert, not an upsert: a
 * repeated start finds the id taken and stops there. Answers whether the run is new.
 */
export async function startRun(workflow: WorkflowDefinition, start: RunStart): Promise<boolean> {
  const run = newRun(workflow, start);
  try {
    await groupInsert(await collection('workflowRuns'), run);
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
  if (run.status === 'refused') {
    logger.warn({ runId: run._id, reason: run.error }, 'workflow run refused');
    return true;
  }
  try {
    await enqueue('run-workflow', jobData(run), { jobId: run._id });
  } catch (error) {
    logger.warn({ err: error, runId: run._id }, 'queue unavailable; the sweep will enqueue the run');
  }
  return true;
}

/** Many runs at once (a schedule's records, 10,000 date reminders): one insertMany and one addBulk per batch. */
export async function startRuns(workflow: WorkflowDefinition, starts: RunStart[]): Promise<number> {
  if (starts.length === 0) return 0;
  const runs = starts.map((start) => newRun(workflow, start));
  let fresh = runs;
  try {
    await (await collection('workflowRuns')).insertMany(runs, { ordered: false });
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    const failures = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    if (failures.some((failure) => failure.code !== 11000)) throw error;
    const taken = new Set(failures.map((failure) => failure.index));
    fresh = runs.filter((_, index) => !taken.has(index));
  }
  const queued = fresh.filter((run) => run.status === 'queued');
  try {
    await enqueueMany('run-workflow', queued.map((run) => ({ data: jobData(run), options: { jobId: run._id } })));
  } catch (error) {
    logger.warn({ err: error, count: queued.length }, 'queue unavailable; the sweep will enqueue the runs');
  }
  return fresh.length;
}
