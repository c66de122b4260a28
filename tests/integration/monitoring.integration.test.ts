import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeMongo } from '@/lib/db/mongo';
import { adminTokenClient, BASE_URL, eventually, uniqueName, type ApiClient } from '../support/http';

let api: ApiClient;

beforeAll(async () => {
  api = await adminTokenClient();
});
afterAll(closeMongo);

async function scrape(token?: string): Promise<Response> {
  return fetch(`${BASE_URL}/api/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

describe('monitoring', () => {
  it('answers every API request with its request id, the caller’s when it sends one', async () => {
    const mine = await fetch(`${BASE_URL}/api/entities`, { headers: { 'x-request-id': 'trace-4711' } });
    expect(mine.headers.get('x-request-id')).toBe('trace-4711');
    const generated = await fetch(`${BASE_URL}/api/entities`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Prometheus metrics to the holder of the metrics token only', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('wrong')).status).toBe(401);
    await api.post('/api/records/customer', { name: uniqueName('Metrics') });
    const token = (await readFile(join(process.env.SALESFLOW_DATA_DIR ?? 'data/test', 'metrics-token'), 'utf8')).trim();
    const text = await eventually(async () => {
      const response = await scrape(token);
      expect(response.status).toBe(200);
      const body = await response.text();
      // The create's follow-up workflow has run by the time its job duration shows.
      return body.includes('salesflow_job_duration_seconds_count{job="run-workflow",outcome="completed"}') ? body : undefined;
    }, 'the job metrics');
    expect(text).toMatch(/salesflow_http_request_duration_seconds_bucket\{le="[\d.]+",method="POST",route="\/api\/records\/customer",status="201"\} \d+/);
    expect(text).toMatch(/salesflow_db_command_duration_seconds_count\{command="insert",outcome="ok"\} \d+/);
    expect(text).toMatch(/salesflow_queue_jobs\{queue="workflows",state="waiting"\} \d+/);
    expect(text).toMatch(/salesflow_unfinished_creates \d+/);
    expect(text).toContain('salesflow_web_process_resident_memory_bytes');
    const unauthorised = await api.withLocale('en').get('/api/records/no_such_entity');
    expect(unauthorised.status).toBe(404);
    expect(await (await scrape(token)).text()).toMatch(/salesflow_http_errors_total\{route="\/api\/records\/no_such_entity",status="404"\} \d+/);
  });
});
