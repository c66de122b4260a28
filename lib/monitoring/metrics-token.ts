import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { config } from '@/lib/config';

let cached: string | null = null;

/**
 * The token GET /api/metrics asks for: SALESFLOW_METRICS_TOKEN, or one generated into the
 * data folder on first use (data/metrics-token, readable by the server's user only) for the
 * scraper's configuration.
 */
export async function metricsToken(): Promise<string> {
  if (process.env.SALESFLOW_METRICS_TOKEN) return process.env.SALESFLOW_METRICS_TOKEN;
  if (cached) return cached;
  const file = join(config.dataDir, 'metrics-token');
  const stored = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (stored) return (cached = stored);
  const token = randomBytes(32).toString('base64url');
  // wx: two processes starting at once keep the first one's token.
  await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
  return (cached = (await readFile(file, 'utf8')).trim());
}

/** Whether the request carries the metrics token (Authorization: Bearer …), compared in constant time. */
export async function hasMetricsToken(req: Request): Promise<boolean> {
  const given = /^Bearer\s+(.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1]?.trim() ?? '';
  const expected = await metricsToken();
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
