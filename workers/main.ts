import { Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { config } from '@/lib/config';
import { closeMongo } from '@/lib/db/mongo';
import { logger } from '@/lib/logger';
import { RUN_WORKFLOW_JOB, WORKFLOW_QUEUE, workflowQueue } from '@/lib/workflows/workflow.queue';
import { enqueueStaleRuns } from '@/lib/workflows/workflow.service';
import { IMPORT_QUEUE } from '@/lib/imports/import.types';
import { importQueue } from '@/lib/imports/import.queue';
import { runWorkflowHandler } from './handlers/run-workflow.handler';
import { importHandler } from './handlers/import.handler';

/** One handler per job name; the queue carries several kinds of job as it grows. */
const handlers: Record<string, (job: Job) => Promise<void>> = {
  [RUN_WORKFLOW_JOB]: runWorkflowHandler,
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
worker.on('error', (error) => logger.error({ err: error }, 'worker error'));

const sweep = setInterval(() => {
  enqueueStaleRuns().catch((error) => logger.warn({ err: error }, 'stale run sweep failed'));
}, 60_000);

async function shutdown(signal: string) {
  logger.info({ signal }, 'worker stopping');
  clearInterval(sweep);
  await Promise.all([worker.close(), importWorker.close()]);
  await workflowQueue().close();
  await importQueue().close();
  await closeMongo();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
