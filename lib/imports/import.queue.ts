import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { config } from '@/lib/config';
import { IMPORT_QUEUE, type ImportJobData, type ImportJobName } from '@/lib/imports/import.types';

const holder = globalThis as unknown as { __salesflowImportQueue?: Queue<ImportJobData> };

/** Imports have a queue (and a worker) of their own, so a long import never holds up automations. */
export function importQueue(): Queue<ImportJobData> {
  holder.__salesflowImportQueue ??= new Queue<ImportJobData>(IMPORT_QUEUE, {
    connection: new IORedis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
    prefix: config.queuePrefix,
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: 'exponential', delay: config.jobBackoffMs },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  });
  return holder.__salesflowImportQueue;
}

/** One job per step of an import; the job id says which, so a step is queued once. */
export async function enqueueImportJob(name: ImportJobName, importId: string, unique = ''): Promise<void> {
  await importQueue().add(name, { importId }, { jobId: `${importId}-${name}${unique ? `-${unique}` : ''}` });
}
