import IORedis from 'ioredis';
import { config } from '@/lib/config';
import { redisConnection } from '@/lib/jobs/redis-connection';

const holder = globalThis as unknown as { __salesflowRedis?: IORedis };

/**
 * One connection per process for counters and health (the queue keeps its own). It fails
 * fast while Redis is away instead of queueing commands: callers have a fallback (auto
 * numbers count from the database) or report Redis as down (health).
 */
export function counterRedis(): IORedis {
  if (!holder.__salesflowRedis) {
    const client = redisConnection('commands');
    client.on('error', () => undefined); // it reconnects by itself; failures surface on the commands
    holder.__salesflowRedis = client;
  }
  return holder.__salesflowRedis;
}

export function redisKey(...parts: string[]): string {
  return [config.queuePrefix, ...parts].join(':');
}

/**
 * The counter connection once it is connected (or after `timeoutMs`, whatever its state):
 * with its offline queue off, a command sent while it is still connecting fails at once.
 */
export async function readyRedis(timeoutMs = 1000): Promise<IORedis> {
  const client = counterRedis();
  if (client.status === 'ready') return client;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return client;
}
