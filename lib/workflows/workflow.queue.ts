import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { config } from '@/lib/config';
import type { WorkflowJobData } from '@/lib/workflows/workflow.types';

export const WORKFLOW_QUEUE = 'workflows';
export const RUN_WORKFLOW_JOB = 'run-workflow';
export const RECOMPUTE_ROLLUP_JOB = 'recompute-rollup';

/** Recompute the rollups of the records of `entity` whose fields hold these values. */
export interface RollupJobData {
  entity: string;
  match: Record<string, unknown>;
}

type JobData = WorkflowJobData | RollupJobData;

const holder = globalThis as unknown as { __salesflowQueue?: Queue<JobData> };

/** Retries live here, in one place: exponential backoff from the configured delay. */
export function workflowJobOptions() {
  return {
    attempts: config.jobAttempts,
    backoff: { type: 'exponential' as const, delay: config.jobBackoffMs },
    removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

/**
 * The producer side. Its connection fails fast instead of queueing commands while Redis is
 * away: the run stays "queued" in the database and the worker's sweep enqueues it later.
 */
export function workflowQueue(): Queue<JobData> {
  holder.__salesflowQueue ??= new Queue<JobData>(WORKFLOW_QUEUE, {
    connection: new IORedis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
    prefix: config.queuePrefix,
    defaultJobOptions: workflowJobOptions(),
  });
  return holder.__salesflowQueue;
}

export async function enqueueWorkflowRun(data: WorkflowJobData): Promise<void> {
  await workflowQueue().add(RUN_WORKFLOW_JOB, data, { jobId: data.runId });
}

/**
 * Queues a rollup recompute. Jobs with the same key (target entity + match values) collapse:
 * one waiting job covers any number of writes; while one runs, one more is kept to run after
 * it, so a write that lands during a recompute is never missed.
 */
export async function enqueueRollupRecompute(data: RollupJobData, key: string): Promise<void> {
  await workflowQueue().add(RECOMPUTE_ROLLUP_JOB, data, {
    deduplication: { id: key, keepLastIfActive: true },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  });
}
