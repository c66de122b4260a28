import IORedis from 'ioredis';
import { config } from '@/lib/config';

/**
 * What a connection is for decides how it behaves when Redis is away:
 * - `worker`: blocking reads; BullMQ requires maxRetriesPerRequest null and waits for Redis.
 * - `producer`: fails fast instead of queueing commands, so a web request is never held up;
 *   the work is already recorded in the database and a sweep queues it later.
 * - `commands`: counters, locks and health; fails fast (callers fall back or report Redis down).
 */
export type RedisPurpose = 'worker' | 'producer' | 'commands';

const OPTIONS = {
  worker: { maxRetriesPerRequest: null },
  producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false },
  commands: { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, commandTimeout: 2000 },
} as const;

/** The one place Redis connections are made (queues, workers, counters). */
export function redisConnection(purpose: RedisPurpose): IORedis {
  return new IORedis(config.redisUrl, { ...OPTIONS[purpose] });
}
