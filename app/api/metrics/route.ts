import { metrics } from '@/lib/monitoring/metrics';
import { hasMetricsToken } from '@/lib/monitoring/metrics-token';
import { jobMetricsText } from '@/lib/monitoring/job-metrics';
import { readyRedis } from '@/lib/redis';
import { QUEUES, queue as queueOf, type QueueKey } from '@/lib/jobs/jobs';
import { countIntents } from '@/lib/records/write-intents';
import { logger } from '@/lib/logger';

export const dynamic = 'force-dynamic';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Queue depths by queue and state, and the creates waiting for the recovery sweep. */
async function gaugesText(): Promise<string> {
  const lines = ['# HELP salesflow_queue_jobs Jobs in each queue by state', '# TYPE salesflow_queue_jobs gauge'];
  for (const [key, name] of Object.entries(QUEUES) as [QueueKey, string][]) {
    const queue = queueOf(key);
    const counts = await queue.getJobCounts(...STATES);
    for (const state of STATES) lines.push(`salesflow_queue_jobs{queue="${name}",state="${state}"} ${counts[state] ?? 0}`);
  }
  lines.push('# HELP salesflow_unfinished_creates Creates recorded but not yet finished (the recovery sweep completes them)', '# TYPE salesflow_unfinished_creates gauge');
  lines.push(`salesflow_unfinished_creates ${await countIntents()}`);
  return `${lines.join('\n')}\n`;
}

/**
 * GET /api/metrics — Prometheus text format, for a scraper with the metrics token
 * (Authorization: Bearer <SALESFLOW_METRICS_TOKEN or data/metrics-token>): API latency and
 * errors by route, database command latency, queue depths, job durations and failures, and
 * the process's own (memory, event loop). What cannot be read right now (Redis away) is left
 * out rather than failing the scrape.
 */
export async function GET(req: Request) {
  if (!(await hasMetricsToken(req))) return new Response('metrics token required\n', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
  const parts = [await metrics().registry.metrics()];
  for (const part of [gaugesText, async () => jobMetricsText(await readyRedis())]) {
    try {
      parts.push(await Promise.race([part(), new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timed out')), 1500))]));
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'a metrics source did not answer');
    }
  }
  return new Response(parts.join('\n'), { headers: { 'content-type': metrics().registry.contentType } });
}
