import type IORedis from 'ioredis';
import { config } from '@/lib/config';
import { redisConnection } from '@/lib/jobs/redis-connection';

const holder = globalThis as unknown as { __salesflowRedis?: IORedis };

/** One connection per process for counters and locks (queues keep their own). */
export function redis(): IORedis {
  holder.__salesflowRedis ??= redisConnection('commands');
  return holder.__salesflowRedis;
}

export function redisKey(...parts: string[]): string {
  return [config.queuePrefix, ...parts].join(':');
}
