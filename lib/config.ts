import { resolve } from 'node:path';

/** Run-time configuration, read once from the environment the launcher prepares. */
function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isFinite(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; start Salesflow with ./salesflow start`);
  return value;
}

export const config = {
  get mongoUri() {
    return required('MONGODB_URI');
  },
  get dbName() {
    return process.env.SALESFLOW_DB_NAME || 'salesflow';
  },
  get redisUrl() {
    return required('REDIS_URL');
  },
  /** Keeps several installations (or the test run) apart on one Redis. */
  get queuePrefix() {
    return process.env.SALESFLOW_QUEUE_PREFIX || 'salesflow';
  },
  get jobAttempts() {
    return intFromEnv('SALESFLOW_JOB_ATTEMPTS', 5);
  },
  get jobBackoffMs() {
    return intFromEnv('SALESFLOW_JOB_BACKOFF_MS', 5000);
  },
  /** How long a worker holds a workflow run it works on (renewed at each step); a dead worker's runs are taken up after it. */
  get runLeaseMs() {
    return intFromEnv('SALESFLOW_RUN_LEASE_MS', 60_000);
  },
  /** Where uploaded import files and their failed-row reports live (shared by web and worker). */
  get dataDir() {
    return resolve(process.env.SALESFLOW_DATA_DIR || './data');
  },
  /** The largest import file accepted. */
  get importMaxBytes() {
    return intFromEnv('SALESFLOW_IMPORT_MAX_MB', 200) * 1024 * 1024;
  },
  get maxPageSize() {
    return 200;
  },
  /**
   * How long each process keeps entity and workflow definitions: they are read on every
   * request and change rarely. A change reaches the other processes within this time.
   */
  /**
   * The company's time zone (IANA name): dashboards bucket dates by its days, weeks and
   * months, and formulas' TODAY() is its day. SALESFLOW_TIME_ZONE, default Asia/Shanghai.
   */
  get timeZone() {
    const zone = process.env.SALESFLOW_TIME_ZONE;
    if (!zone) return 'Asia/Shanghai';
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return zone;
    } catch {
      throw new Error(`SALESFLOW_TIME_ZONE must be a time zone such as Asia/Shanghai, got "${zone}"`);
    }
  },
  /** Public form submissions one address may make in ten minutes (lib/public-forms/submission-throttle.ts). */
  get publicFormRate() {
    return intFromEnv('SALESFLOW_PUBLIC_FORM_RATE', 20);
  },
  get definitionCacheMs() {
    return 3000;
  },
  /**
   * How often the worker's sweeps run: unfinished writes completed, runs recorded while the
   * queue was away queued.
   */
  get sweepMs() {
    return intFromEnv('SALESFLOW_SWEEP_MS', 15_000);
  },
  /** A write unfinished for this long is taken for one whose process died, and completed by the sweep. */
  get recoveryAfterMs() {
    return intFromEnv('SALESFLOW_RECOVERY_AFTER_MS', 30_000);
  },
};
