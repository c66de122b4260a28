/**
 * Benchmarks against a running app (./salesflow bench starts one on its own database):
 * creates through the HTTP API versus raw driver inserts, a list page versus the raw find,
 * the web process's memory, and the first-load JavaScript of the customer form.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { ObjectId } from 'mongodb';
import { database, closeMongo } from '@/lib/db/mongo';
import { collection, recordCollection } from '@/lib/db/collections';
import { ADMIN, adminTokenClient, BASE_URL, signIn } from '../tests/support/http';

const SOURCES = ['website', 'referral', 'exhibition', 'cold_call', 'advertising', 'other'];

function customer(i: number) {
  return {
    name: `Bench customer ${i} 客户`,
    phone: `+86 138 ${String(i).padStart(8, '0')}`,
    email: `buyer${i}@bench.example`,
    source: SOURCES[i % SOURCES.length],
    notes: 'Seeded by the benchmark',
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

/** Runs count tasks with the given concurrency; returns elapsed ms and the number of failures. */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<boolean>) {
  let next = 0;
  let failures = 0;
  const [, ms] = await timed(() =>
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const i = next++;
          if (!(await task(i))) failures++;
        }
      }),
    ),
  );
  return { ms, failures };
}

/** Waits until the worker has finished every workflow run; returns how long that took. */
async function timeUntilRunsFinish(): Promise<number> {
  const runs = await collection('workflowRuns');
  const [, ms] = await timed(async () => {
    while ((await runs.countDocuments({ status: { $in: ['queued', 'running', 'retrying'] } })) > 0) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Resident memory of a process and its children, in MB. */
function treeRssMb(pid: number): number {
  let kb = 0;
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const visit = (p: number) => {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      kb += match ? Number(match[1]) : 0;
    } catch {
      return;
    }
    for (const child of children.get(p) ?? []) visit(child);
  };
  visit(pid);
  return Math.round(kb / 1024);
}

async function firstLoadJsKb(path: string, cookie: string): Promise<number> {
  const html = await (await fetch(`${BASE_URL}${path}`, { headers: { cookie } })).text();
  // nomodule scripts are polyfills that current browsers skip.
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"[^>]*>/g)].filter((m) => !/nomodule/i.test(m[0])).map((m) => m[1]);
  let bytes = 0;
  for (const src of new Set(scripts)) {
    const body = Buffer.from(await (await fetch(new URL(src, BASE_URL))).arrayBuffer());
    bytes += gzipSync(body).length;
  }
  return Math.round(bytes / 1024);
}

async function main() {
  const creates = Number(process.env.BENCH_CREATES ?? 500);
  const webPid = Number(process.env.SALESFLOW_WEB_PID);
  const api = await adminTokenClient();
  const rows: [string, string][] = [];
  const idleRss = webPid ? treeRssMb(webPid) : 0;

  // Creates: HTTP API (validation, permissions, audit, workflow run + queue) vs raw insertOne.
  const scratch = (await database()).collection('bench_raw');
  await scratch.drop().catch(() => undefined);
  let peakRss = idleRss;
  const sample = setInterval(() => webPid && (peakRss = Math.max(peakRss, treeRssMb(webPid))), 200);
  for (const concurrency of [1, 8]) {
    const http = await pool(creates, concurrency, async (i) => (await api.post('/api/records/customer', customer(i))).status === 201);
    // Each create starts a follow-up workflow; the raw side is measured once the worker is done.
    const drainMs = await timeUntilRunsFinish();
    rows.push([`workflow runs after ${concurrency}-client creates: worker finished`, `${((creates / (http.ms + drainMs)) * 1000).toFixed(0)} runs/s end to end, ${(drainMs / 1000).toFixed(1)} s after the last create`]);
    const raw = await pool(creates, concurrency, async (i) => {
      await scratch.insertOne({ _id: new ObjectId(), ...customer(i), _createdAt: new Date() });
      return true;
    });
    const httpRate = (creates / http.ms) * 1000;
    const rawRate = (creates / raw.ms) * 1000;
    rows.push([`create, ${concurrency} client(s): HTTP API`, `${httpRate.toFixed(0)} /s, ${http.failures} errors`]);
    rows.push([`create, ${concurrency} client(s): raw insertOne`, `${rawRate.toFixed(0)} /s`]);
    rows.push([`create, ${concurrency} client(s): API / raw`, `${((httpRate / rawRate) * 100).toFixed(0)} %`]);
  }
  clearInterval(sample);

  // A list page: 50 rows, one search filter, one sort, with its total — vs the same raw find + count.
  const customers = await recordCollection('customer');
  const total = await customers.countDocuments();
  const listTimes: number[] = [];
  const rawTimes: number[] = [];
  const filter = { $or: ['name', 'phone', 'email'].map((f) => ({ [f]: { $regex: 'customer 1', $options: 'i' } })) };
  for (let i = 0; i < 30; i++) {
    listTimes.push((await timed(() => api.get('/api/records/customer?pageSize=50&sort=name&direction=asc&q=customer%201')))[1]);
    rawTimes.push(
      (await timed(() => Promise.all([customers.find(filter).sort({ name: 1, _id: 1 }).limit(50).toArray(), customers.countDocuments(filter)])))[1],
    );
  }
  rows.push([`list page (50 of ${total}, search + sort): HTTP API median`, `${median(listTimes).toFixed(1)} ms`]);
  rows.push(['list page: raw find + count median', `${median(rawTimes).toFixed(1)} ms`]);

  const { cookie } = await signIn(ADMIN.email, ADMIN.password);
  rows.push(['customer form first-load JS (gzip)', `${await firstLoadJsKb('/records/customer/new', cookie ?? '')} kB`]);
  if (webPid) {
    rows.push(['web process memory, idle before the run', `${idleRss} MB`]);
    rows.push(['web process memory, peak during creates', `${peakRss} MB`]);
  }

  const width = Math.max(...rows.map(([name]) => name.length));
  console.log('');
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
  await scratch.drop().catch(() => undefined);
  await closeMongo();
}

main().catch(async (error) => {
  console.error(error);
  await closeMongo();
  process.exit(1);
});
