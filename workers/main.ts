import { Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { config } from '@/lib/config';
import { closeMongo } from '@/lib/db/mongo';
import { logger } from '@/lib/logger';
import { RECOMPUTE_ROLLUP_JOB, RUN_WORKFLOW_JOB, WORKFLOW_QUEUE, workflowQueue } from '@/lib/workflows/workflow.queue';
import { enqueueStaleRuns } from '@/lib/workflows/workflow.service';
import { hostname } from 'node:os';
import { getEntity } from '@/lib/entities/entity.service';
import { recoverCreates } from '@/lib/records/record.write';
import { beatHeart, HEARTBEAT_MS } from '@/lib/health/heartbeat';
import { recordJob } from '@/lib/monitoring/job-metrics';
import { backupSchedule, scheduledBackup } from '@/lib/backup/backup.schedule';
import { readyRedis } from '@/lib/redis';
import { recomputeRollupHandler } from './handlers/recompute-rollup.handler';
import { IMPORT_QUEUE } from '@/lib/imports/import.types';
import { importQueue } from '@/lib/imports/import.queue';
import { runWorkflowHandler } from './handlers/run-workflow.handler';
import { importHandler } from './handlers/import.handler';

/** One handler per job name; the queue carries several kinds of job as it grows. */
const handlers: Record<string, (job: Job) => Promise<void>> = {
  [RUN_WORKFLOW_JOB]: runWorkflowHandler,
  [RECOMPUTE_ROLLUP_JOB]: recomputeRollupHandler,
};

const worker = new Worker(
  WORKFLOW_QUEUE,
  async (job) => {
    const handler = handlers[job.name];
    if (!handler) throw new Error(`no handler for job "${job.name}"`);
    await handler(job);
  },
  {
    connection: new IORedis(config.redisUrl, { maxRetriesPerRequest: null }),
    prefix: config.queuePrefix,
    concurrency: 4,
  },
);

// Imports get a worker of their own, one at a time: a long import never holds up automations.
const importWorker = new Worker(IMPORT_QUEUE, importHandler, {
  connection: new IORedis(config.redisUrl, { maxRetriesPerRequest: null }),
  prefix: config.queuePrefix,
  concurrency: 1,
});
importWorker.on('failed', (job, error) => logger.warn({ jobId: job?.id, attempt: job?.attemptsMade, err: error.message }, 'import job failed'));
importWorker.on('error', (error) => logger.error({ err: error }, 'import worker error'));

worker.on('ready', () => logger.info({ queue: WORKFLOW_QUEUE }, 'worker ready'));
worker.on('failed', (job, error) => logger.warn({ jobId: job?.id, attempt: job?.attemptsMade, err: error.message }, 'job failed'));
// Durations and failures for GET /api/metrics, added up in Redis (lib/monitoring/job-metrics.ts).
const measured = (outcome: 'completed' | 'failed') => (job: Job | undefined) => {
  if (!job?.processedOn) return;
  const seconds = ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000;
  readyRedis()
    .then((redis) => recordJob(redis, job.name, outcome, seconds))
    .catch(() => undefined);
};
for (const queueWorker of [worker, importWorker]) {
  queueWorker.on('completed', measured('completed'));
  queueWorker.on('failed', measured('failed'));
}
worker.on('error', (error) => logger.error({ err: error }, 'worker error'));

/**
 * The sweeps: creates left unfinished (their request died, or the database or Redis failed
 * halfway) are completed, and runs recorded while the queue was away are queued. One at a
 * time; a sweep that fails (the database is away) is simply tried again next time.
 */
let sweeping = false;
const sweep = setInterval(() => {
  if (sweeping) return;
  sweeping = true;
  (async () => {
    await recoverCreates(getEntity).catch((error) => logger.warn({ err: error }, 'recovery sweep failed'));
    await enqueueStaleRuns().catch((error) => logger.warn({ err: error }, 'stale run sweep failed'));
  })().finally(() => (sweeping = false));
}, config.sweepMs);

// The heartbeat /api/health reads: this worker is alive and reaches the database.
const heartbeatId = `worker:${hostname()}:${process.pid}`;
const beat = () => beatHeart(heartbeatId, 'worker').catch(() => undefined);
void beat();
const heartbeat = setInterval(beat, HEARTBEAT_MS);

// Scheduled backups, when SALESFLOW_BACKUP_EVERY_HOURS asks for them.
const schedule = backupSchedule();
const backups = schedule
  ? setInterval(() => {
      scheduledBackup(schedule).catch((error) => logger.error({ err: error }, 'scheduled backup failed'));
    }, schedule.everyMs)
  : undefined;

async function shutdown(signal: string) {
  logger.info({ signal }, 'worker stopping');
  clearInterval(sweep);
  clearInterval(heartbeat);
  if (backups) clearInterval(backups);
  await Promise.all([worker.close(), importWorker.close()]);
  await workflowQueue().close();
  await importQueue().close();
  await closeMongo();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
