/**
 * A sales rep's list against an admin's (issue 13): the same task list, once as the admin
 * (every record) and once as a sales rep who owns BENCH_SCOPE_OWN of the seeded tasks
 * (scope "own": one filter on _ownerId, served by its index). The rep's page must be as
 * fast as the admin's: p95 at most 50 ms on the embedded database.
 */
import type { Collection } from 'mongodb';
import { collection } from '@/lib/db/collections';
import type { RecordDoc } from '@/lib/records/record.types';
import { ApiClient, sessionClient } from '../tests/support/http';
import type { ResultRow } from './results-table';
import { progress, timed } from './timing';

const P95_TARGET_MS = 50;

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
}

async function listTimes(client: ApiClient, path: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const [response, ms] = await timed(() => client.get(path));
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 200)}`);
    if (i >= 2) times.push(ms); // the first two warm the route and the caches
  }
  return times;
}

export async function benchScopes(ctx: { api: ApiClient; tasks: Collection<RecordDoc>; rows: ResultRow[]; details: Record<string, unknown>; records: number; own: number; runs: number }): Promise<void> {
  progress(`scopes: a sales rep owning ${ctx.own.toLocaleString('en-US')} of ${ctx.records.toLocaleString('en-US')} tasks`);
  const department = await ctx.api.post('/api/departments', { name: `Bench team ${Date.now()}` });
  const email = `bench-rep-${Date.now()}@bench.local`;
  const password = 'bench-rep-password';
  const rep = await ctx.api.post('/api/users', { email, name: 'Bench rep', roles: ['sales_rep'], password, departmentId: department.body.id });
  if (rep.status !== 201) throw new Error(`no bench rep: ${JSON.stringify(rep.body)}`);
  const ids = (await ctx.tasks.find({}, { projection: { _id: 1 } }).sort({ _createdAt: -1 }).limit(ctx.own * 50).toArray()).filter((_, index) => index % 50 === 0).map((doc) => doc._id);
  // Spread over the list, as a rep's records are among everyone's: every 50th of the newest.
  for (let start = 0; start < ids.length; start += 500) {
    await Promise.all(ids.slice(start, start + 500).map((_id) => ctx.tasks.updateOne({ _id }, { $set: { _ownerId: rep.body.id, _departmentId: department.body.id } })));
  }
  const repClient = await sessionClient(email, password);
  const path = '/api/records/task?pageSize=50&sort=dueDate:asc';
  const admin = await listTimes(ctx.api, path, ctx.runs);
  const own = await listTimes(repClient, path, ctx.runs);
  const repP95 = p95(own);
  const adminP95 = p95(admin);
  ctx.rows.push({
    measure: `task list as a sales rep (own ${ctx.own.toLocaleString('en-US')} of ${ctx.records.toLocaleString('en-US')}), p95 of ${ctx.runs}`,
    salesflow: { value: repP95, unit: 'ms' },
    raw: { value: adminP95, unit: 'ms', note: 'the admin’s list' },
    ratio: { value: repP95 / adminP95, kind: 'multiple' },
    target: { text: `p95 ≤ ${P95_TARGET_MS} ms`, met: repP95 <= P95_TARGET_MS },
  });
  ctx.details.scopes = { own: ctx.own, records: ctx.records, repMs: own, adminMs: admin, repP95, adminP95 };
  await (await collection('users')).updateOne({ email }, { $set: { active: false } });
}
