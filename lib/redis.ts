import IORedis from 'ioredis';
import { config } from '@/lib/config';

const holder = globalThis as unknown as { __salesflowRedis?: IORedis };

/** One connection per process for counters (the queue keeps its own). */
export function redis(): IORedis {
  holder.__salesflowRedis ??= new IORedis(config.redisUrl, { maxRetriesPerRequest: 2 });
  return holder.__salesflowRedis;
}

export function redisKey(...parts: string[]): string {
  return [config.queuePrefix, ...parts].join(':');
}
