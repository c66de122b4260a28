import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@/lib/logger';
import { requestContext } from '@/lib/monitoring/request-context';
import { routeLabel } from '@/lib/monitoring/metrics';
import { JOB_BUCKETS } from '@/lib/monitoring/job-metrics';

describe('request logging', () => {
  it('puts the request id on every line written while the request is served, even after awaits', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const level = process.env.SALESFLOW_LOG_LEVEL;
    process.env.SALESFLOW_LOG_LEVEL = 'info'; // the test app runs at warn
    const log = createLogger(sink);
    process.env.SALESFLOW_LOG_LEVEL = level;
    log.info('outside');
    await requestContext().run({ requestId: 'req-1' }, async () => {
      log.info('first');
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.warn({ detail: 1 }, 'after an await');
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((line) => [line.msg, line.reqId])).toEqual([
      ['outside', undefined],
      ['first', 'req-1'],
      ['after an await', 'req-1'],
    ]);
  });
});

describe('metric labels', () => {
  it('keep generated ids out of route labels', () => {
    expect(routeLabel('/api/records/customer/6565f0c2a1b2c3d4e5f60718')).toBe('/api/records/customer/:id');
    expect(routeLabel('/api/imports/imp_2026abc123/run')).toBe('/api/imports/:id/run');
    expect(routeLabel('/api/records/sales_target')).toBe('/api/records/sales_target');
    expect(JOB_BUCKETS).toEqual([...JOB_BUCKETS].sort((a, b) => a - b));
  });
});
