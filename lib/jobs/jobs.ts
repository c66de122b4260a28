import { Queue, type JobsOptions } from 'bullmq';
import { config } from '@/lib/config';
import { redisConnection } from '@/lib/jobs/redis-connection';

/**
 * Every queue, job name and payload in one table. Payloads carry ids only: a handler reads the
 * current state from the database, so a job retried a day later acts on what is true then.
 */

/** Automations (workflow runs, rollups, emails, the scheduler's tick) and imports. */
export const QUEUES = {
  automation: 'workflows',
  imports: 'imports',
} as const;
export type QueueKey = keyof typeof QUEUES;

/** What starts a workflow run. */
export type WorkflowEvent = 'created' | 'updated' | 'deleted' | 'action' | 'schedule' | 'date' | 'webhook' | 'manual';

/** Run (or resume) one workflow run. */
export interface WorkflowJobData {
  runId: string;
  workflowKey: string;
  /** The record the run is about ('' for a schedule or webhook run without one). */
  entity: string;
  recordId: string;
  event: WorkflowEvent;
}

/** Recompute the rollups of the records of `entity` whose fields hold these values. */
export interface RollupJobData {
  entity: string;
  match: Record<string, unknown>;
}

/** Send one stored email (an outbox entry). */
export interface EmailJobData {
  emailId: string;
}

/** The automation scheduler's periodic pass: schedules, date reminders, waits, approval timeouts, stale runs. */
export type TickJobData = Record<string, never>;

export interface ImportJobData {
  importId: string;
}

export interface JobPayloads {
  'run-workflow': WorkflowJobData;
  'recompute-rollup': RollupJobData;
  'send-email': EmailJobData;
  'automation-tick': TickJobData;
  'validate-import': ImportJobData;
  'run-import': ImportJobData;
  'undo-import': ImportJobData;
}
export type JobName = keyof JobPayloads;

/** Which queue carries each job. */
export const JOB_QUEUE: { [N in JobName]: QueueKey } = {
  'run-workflow': 'automation',
  'recompute-rollup': 'automation',
  'send-email': 'automation',
  'automation-tick': 'automation',
  'validate-import': 'imports',
  'run-import': 'imports',
  'undo-import': 'imports',
};

/** Retries live here, in one place: exponential backoff from the configured delay. */
export function defaultJobOptions(queue: QueueKey): JobsOptions {
  return {
    attempts: queue === 'imports' ? 3 : config.jobAttempts,
    backoff: { type: 'exponential', delay: config.jobBackoffMs },
    removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

const holder = globalThis as unknown as { __salesflowQueues?: Partial<Record<QueueKey, Queue>> };

/**
 * The producer side of a queue. Its connection fails fast instead of queueing commands while
 * Redis is away: the work stays recorded in the database and a sweep enqueues it later.
 */
export function queue(key: QueueKey): Queue {
  const queues = (holder.__salesflowQueues ??= {});
  queues[key] ??= new Queue(QUEUES[key], { connection: redisConnection('producer'), prefix: config.queuePrefix, defaultJobOptions: defaultJobOptions(key) });
  return queues[key]!;
}

/** Adds a job; `jobId` (derived from the work, never containing ":") makes a repeated add a no-op. */
export async function enqueue<N extends JobName>(name: N, data: JobPayloads[N], options: JobsOptions = {}): Promise<void> {
  await queue(JOB_QUEUE[name]).add(name, data, options);
}

/** Adds many jobs of one kind in one round trip. */
export async function enqueueMany<N extends JobName>(name: N, jobs: { data: JobPayloads[N]; options?: JobsOptions }[]): Promise<void> {
  if (jobs.length === 0) return;
  await queue(JOB_QUEUE[name]).addBulk(jobs.map((job) => ({ name, data: job.data, opts: job.options })));
}

export async function closeQueues(): Promise<void> {
  const queues = holder.__salesflowQueues ?? {};
  holder.__salesflowQueues = {};
  await Promise.all(Object.values(queues).map((q) => q?.close()));
}
