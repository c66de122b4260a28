import { Queue, Worker, type Job } from 'bullmq';
import { config } from '@/lib/config';
import { closeMongo } from '@/lib/db/mongo';
import { closeQueues, JOB_QUEUE, QUEUES, type JobName, type QueueKey } from '@/lib/jobs/jobs';
import { redisConnection } from '@/lib/jobs/redis-connection';
import { logger } from '@/lib/logger';
import { registerSubscribers } from '@/lib/subscribers';
import { automationTickHandler } from './handlers/automation-tick.handler';
import { importHandler } from './handlers/import.handler';
import { recomputeRollupHandler } from './handlers/recompute-rollup.handler';
import { runWorkflowHandler } from './handlers/run-workflow.handler';
import { sendEmailHandler } from './handlers/send-email.handler';

// Writes made by runs announce their events here too (workflows they start, rollups they change).
registerSubscribers();

/** One handler per job name; the compiler flags a job without one. */
const handlers: { [N in JobName]: (job: Job) => Promise<void> } = {
  'run-workflow': runWorkflowHandler,
  'recompute-rollup': recomputeRollupHandler,
  'send-email': sendEmailHandler,
  'automation-tick': automationTickHandler,
  'validate-import': importHandler,
  'run-import': importHandler,
  'undo-import': importHandler,
};

/** How many jobs each queue's worker runs at once: runs wait on the database, not the CPU. */
const CONCURRENCY: Record<QueueKey, number> = {
  automation: Number(process.env.SALESFLOW_WORKER_CONCURRENCY ?? 16),
  // One import at a time: a long import never holds up automations (it has a worker of its own).
  imports: 1,
};

const workers = (Object.keys(QUEUES) as QueueKey[]).map((key) => {
  const worker = new Worker(
    QUEUES[key],
    async (job) => {
      const name = job.name as JobName;
      if (JOB_QUEUE[name] !== key || !handlers[name]) throw new Error(`no handler for job "${job.name}" on queue ${key}`);
      await handlers[name](job);
    },
    {
      connection: redisConnection('worker'),
      prefix: config.queuePrefix,
      concurrency: CONCURRENCY[key],
      // A job whose worker died (kill -9) is handed to another within about half a minute.
      lockDuration: 20_000,
      stalledInterval: 10_000,
    },
  );
  worker.on('ready', () => logger.info({ queue: QUEUES[key] }, 'worker ready'));
  worker.on('failed', (job, error) => logger.warn({ queue: key, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error.message }, 'job failed'));
  worker.on('error', (error) => logger.error({ err: error, queue: key }, 'worker error'));
  return worker;
});

// The scheduler's pass: BullMQ's job scheduler makes one job per interval, however many workers run.
const tickEvery = Number(process.env.SALESFLOW_TICK_MS ?? 15_000);
const scheduler = new Queue(QUEUES.automation, { connection: redisConnection('worker'), prefix: config.queuePrefix });
scheduler
  .upsertJobScheduler('automation-tick', { every: tickEvery }, { name: 'automation-tick', data: {}, opts: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } } })
  .catch((error) => logger.error({ err: error }, 'could not schedule the automation tick'));

async function shutdown(signal: string) {
  logger.info({ signal }, 'worker stopping');
  await Promise.all(workers.map((worker) => worker.close()));
  await Promise.all([closeQueues(), scheduler.close()]);
  await closeMongo();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
