import { database } from '@/lib/db/mongo';
import { readyRedis } from '@/lib/redis';
import { HEARTBEAT_STALE_MS, lastHeartbeat } from '@/lib/health/heartbeat';

export type Check = 'database' | 'redis' | 'worker';

export interface Health {
  status: 'ok' | 'unavailable';
  /** What did not answer in time, or answered wrong. */
  down: Check[];
  checks: Record<Check, { ok: boolean; ms: number; detail?: string }>;
}

/** Each check gets this long; the whole answer stays within 2 s. */
const CHECK_TIMEOUT_MS = 1_500;

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function run(check: () => Promise<void>): Promise<{ ok: boolean; ms: number; detail?: string }> {
  const started = Date.now();
  try {
    await within(check(), CHECK_TIMEOUT_MS);
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, ms: Date.now() - started, detail: error instanceof Error ? error.message : String(error) };
  }
}

/** The database answers a ping, Redis a PING, and a worker beat within the last few seconds. */
export async function checkHealth(): Promise<Health> {
  const [db, redis, worker] = await Promise.all([
    run(async () => {
      await (await database()).command({ ping: 1 });
    }),
    run(async () => {
      if ((await (await readyRedis(1000)).ping()) !== 'PONG') throw new Error('no PONG');
    }),
    run(async () => {
      const at = await lastHeartbeat('worker');
      if (!at) throw new Error('no worker has ever reported');
      const age = Date.now() - at.getTime();
      if (age > HEARTBEAT_STALE_MS) throw new Error(`the last worker heartbeat is ${Math.round(age / 1000)} s old`);
    }),
  ]);
  // Heartbeats live in the database: while it is down, the worker's state is unknown, not down.
  const checks = { database: db, redis, worker: db.ok ? worker : { ok: true, ms: 0, detail: 'unknown while the database is down' } };
  const down = (Object.keys(checks) as Check[]).filter((name) => !checks[name].ok);
  return { status: down.length === 0 ? 'ok' : 'unavailable', down, checks };
}
