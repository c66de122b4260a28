import { createHash } from 'node:crypto';
import { config } from '@/lib/config';
import { readyRedis, redisKey } from '@/lib/redis';

/** The window public form submissions are counted in, per address. */
export const SUBMISSION_WINDOW_MS = 10 * 60_000;

const COUNT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {n, ttl}
`;

/**
 * Counts a submission attempt from an address (atomically, in Redis, so parallel posts count
 * too) against SALESFLOW_PUBLIC_FORM_RATE per ten minutes, over every public form: answers 0
 * when it may go on, else the seconds until the window ends. Every attempt counts, a refused
 * or a trap-filled one too, so trying slugs or flooding a form costs the same.
 */
export async function throttleSubmission(address: string): Promise<number> {
  const client = await readyRedis();
  const key = redisKey('publicform', 'ip', createHash('sha256').update(address).digest('hex').slice(0, 32));
  const [count, ttl] = (await client.eval(COUNT, 1, key, String(SUBMISSION_WINDOW_MS))) as [number, number];
  if (count <= config.publicFormRate) return 0;
  return Math.max(1, Math.ceil(Number(ttl) / 1000));
}
