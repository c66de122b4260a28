import { hostname } from 'node:os';
import { Queue, Worker, type Job } from 'bullmq';
import { config } from '@/lib/config';
import { getEntity } from '@/lib/entities/entity.service';
import { backupSchedule, scheduledBackup } from '@/lib/backup/backup.schedule';
import { beatHeart, HEARTBEAT_MS } from '@/lib/health/heartbeat';
import { recordJob } from '@/lib/monitoring/job-metrics';
import { recoverCreates } from '@/lib/records/record.write';
import { readyRedis } from '@/lib/redis';
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

/**
 * How many jobs each queue's worker runs at once: runs wait on the database, not the CPU, and
 * the runs waiting together share their writes (one claim, one read, one insert of
 * notifications and a bulkWrite of run updates for all of them, lib/db/group-insert.ts), so
 * more at once means bigger batches and fewer commands per run (10,000 reminders due at once:
 * 116 s with 24, 90 s with 100, on the same busy 2-core machine).
 */
const CONCURRENCY: Record<QueueKey, number> = {
  automation: Number(process.env.SALESFLOW_WORKER_CONCURRENCY ?? 100),
  // One import at a time: a long import never holds up automations (it has a worker of its own).
  imports: 1,
};

// Durations and failures for GET /api/metrics, added up in Redis (lib/monitoring/job-metrics.ts).
const measured = (outcome: 'completed' | 'failed') => (job: Job | undefined) => {
  if (!job?.processedOn) return;
  const seconds = ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000;
  readyRedis()
    .then((redis) => recordJob(redis, job.name, outcome, seconds))
    .catch(() => undefined);
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
  worker.on('completed', measured('completed'));
  worker.on('failed', measured('failed'));
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

/**
 * The recovery sweep: creates left unfinished (their request died, or the database or Redis
 * failed halfway) are completed. One at a time; a sweep that fails (the database is away) is
 * tried again next time. (Runs the queue lost are swept by the automation tick.)
 */
let sweeping = false;
const sweep = setInterval(() => {
  if (sweeping) return;
  sweeping = true;
  recoverCreates(getEntity)
    .catch((error) => logger.warn({ err: error }, 'recovery sweep failed'))
    .finally(() => (sweeping = false));
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
  await Promise.all(workers.map((worker) => worker.close()));
  await Promise.all([closeQueues(), scheduler.close()]);
  await closeMongo();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
