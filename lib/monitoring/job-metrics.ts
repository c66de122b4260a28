import type IORedis from 'ioredis';
import { redisKey } from '@/lib/redis';

/**
 * Job durations and failures are measured in the worker but served by the web process
 * (GET /api/metrics), so the worker adds them up in a Redis hash that any web process reads:
 * per job name and outcome a count, a sum and cumulative histogram buckets.
 */
export const JOB_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

function hashKey(): string {
  return redisKey('metrics', 'jobs');
}

export async function recordJob(redis: IORedis, name: string, outcome: 'completed' | 'failed', seconds: number): Promise<void> {
  const base = `${name}|${outcome}`;
  const pipeline = redis.pipeline().hincrby(hashKey(), `${base}|count`, 1).hincrbyfloat(hashKey(), `${base}|sum`, seconds);
  for (const bound of JOB_BUCKETS) if (seconds <= bound) pipeline.hincrby(hashKey(), `${base}|le|${bound}`, 1);
  await pipeline.exec();
}

function labels(name: string, outcome: string, extra = ''): string {
  return `{job="${name.replace(/["\\\n]/g, '_')}",outcome="${outcome}"${extra}}`;
}

/** The hash as Prometheus text: salesflow_job_duration_seconds (histogram) and salesflow_jobs_failed_total. */
export async function jobMetricsText(redis: IORedis): Promise<string> {
  const fields = await redis.hgetall(hashKey());
  const series = new Map<string, { count: number; sum: number; buckets: Map<number, number> }>();
  for (const [field, value] of Object.entries(fields)) {
    const [name, outcome, kind, bound] = field.split('|');
    const key = `${name}|${outcome}`;
    const entry = series.get(key) ?? { count: 0, sum: 0, buckets: new Map<number, number>() };
    if (kind === 'count') entry.count = Number(value);
    else if (kind === 'sum') entry.sum = Number(value);
    else if (kind === 'le') entry.buckets.set(Number(bound), Number(value));
    series.set(key, entry);
  }
  const lines = ['# HELP salesflow_job_duration_seconds Background job duration by job name and outcome', '# TYPE salesflow_job_duration_seconds histogram'];
  const failed = ['# HELP salesflow_jobs_failed_total Background job attempts that failed, by job name', '# TYPE salesflow_jobs_failed_total counter'];
  for (const [key, entry] of series) {
    const [name, outcome] = key.split('|');
    for (const bound of JOB_BUCKETS) lines.push(`salesflow_job_duration_seconds_bucket${labels(name, outcome, `,le="${bound}"`)} ${entry.buckets.get(bound) ?? 0}`);
    lines.push(`salesflow_job_duration_seconds_bucket${labels(name, outcome, ',le="+Inf"')} ${entry.count}`);
    lines.push(`salesflow_job_duration_seconds_sum${labels(name, outcome)} ${entry.sum}`);
    lines.push(`salesflow_job_duration_seconds_count${labels(name, outcome)} ${entry.count}`);
    if (outcome === 'failed') failed.push(`salesflow_jobs_failed_total{job="${name.replace(/["\\\n]/g, '_')}"} ${entry.count}`);
  }
  return `${lines.join('\n')}\n${failed.join('\n')}\n`;
}
