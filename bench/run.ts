/**
 * Benchmarks against a running app (./salesflow bench starts one on its own database). By
 * default (about 10–15 minutes):
 *   speed  the embedded database at BENCH_RECORDS (100,000) opportunities: list page 1 and
 *          page 1,000, an owner's records, the count, a keyword search, a grouped sum, and
 *          creates with 1 and 8 clients, through the API on the patched FerretDB, with the raw
 *          driver on it, and with the raw driver on the unpatched binary over the same data
 *          (bench/bench-speed.ts), beside the targets;
 *   peer   ../shared/peers/salesflow-bench.mjs, NocoBase's benchmark run against this app
 *          (bench/bench-peer.ts);
 *   js     the first-load JavaScript of the customer form;
 * and the web process's memory, idle and at its peak. Also, when named in BENCH_ONLY:
 *   seed     100,000 tasks with raw insertMany, in the form the record service stores them;
 *   creates  tasks and customers (whose workflow the worker runs) through the API vs raw insertOne;
 *   lists    task list pages (first, deep, keyword) through the API vs the same find + count;
 *   export   the seeded tasks streamed as CSV and XLSX (bench/bench-export.ts);
 *   import   a generated CSV (bench/bench-import.ts) vs raw insertMany, with memory.
 * Prints a table at the end and writes it to data/bench/results.json (BENCH_RESULTS).
 * Sizes: BENCH_RECORDS (100000), BENCH_CUSTOMERS (1000), BENCH_CREATES (500 per phase),
 * BENCH_CUSTOMER_CREATES (BENCH_CREATES / 5), BENCH_LIST_RUNS (5), BENCH_SAMPLES (30 timed runs
 * per query, within 15 s), BENCH_UNPATCHED_SAMPLES (2, within 40 s), BENCH_IMPORT_ROWS (100000).
 *   a sales rep's list (scope "own", BENCH_SCOPE_OWN of the tasks) against the admin's (bench-scopes.ts, part "scopes").
 *   a six-widget sales dashboard over BENCH_DASHBOARD_ORDERS (100000) orders: each widget's data versus the
 *   same queries through the raw driver, and the page painted (bench-dashboards.ts, part "dashboards").
 *   automations (bench-automation.ts, part "automation"): record created → workflow effect p95 with 8
 *   clients, BENCH_REMINDERS (10,000) date reminders due at once, the worker's memory around them.
 * BENCH_ONLY=speed,peer (a comma list of the parts) runs only those.
 */
import { join } from 'node:path';
import type { Collection, Document, Filter, Sort } from 'mongodb';
import { database, closeMongo } from '@/lib/db/mongo';
import { collection, recordCollection } from '@/lib/db/collections';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { RecordDoc } from '@/lib/records/record.types';
import { ADMIN, adminTokenClient, signIn, type ApiClient } from '../tests/support/http';
import {
  customerValues,
  insertInBatches,
  recordNumbering,
  scratchLike,
  SEARCH_KEYWORD,
  seedCustomers,
  storedRecord,
  taskValues,
  type TaskRefs,
} from './bench-records';
import { benchExport } from './bench-export';
import { benchScopes } from './bench-scopes';
import { firstLoadJsKb } from './first-load-js';
import { importBench } from './bench-import';
import { dashboardBench } from './bench-dashboards';
import { actorFor } from '@/lib/permissions/actor';
import { automationBench } from './bench-automation';
import { MemorySampler } from './memory-sampler';
import { rateRatio, tableText, timeRatio, writeResults, type ResultRow } from './results-table';
import { benchSpeed } from './bench-speed';
import { benchPeer } from './bench-peer';
import { elapsedSeconds, median, pool, progress, timed } from './timing';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const RECORDS = envInt('BENCH_RECORDS', 100_000);
const CUSTOMERS = envInt('BENCH_CUSTOMERS', 1000);
const CREATES = envInt('BENCH_CREATES', 500);
const CUSTOMER_CREATES = envInt('BENCH_CUSTOMER_CREATES', Math.max(20, Math.round(CREATES / 5)));
const LIST_RUNS = envInt('BENCH_LIST_RUNS', 5);
const PAGE_SIZE = 50;
const CLIENTS = [1, 8];
const CREATE_TARGET = 0.5;
const LIST_TARGET = 1.3;
const MEMORY_TARGET_MB = 500;
const IMPORT_ROWS = envInt('BENCH_IMPORT_ROWS', 100_000);
const SAMPLES = envInt('BENCH_SAMPLES', 30);
const UNPATCHED_SAMPLES = envInt('BENCH_UNPATCHED_SAMPLES', 2);
const DASHBOARD_ORDERS = envInt('BENCH_DASHBOARD_ORDERS', 100_000);
const SCOPE_OWN = envInt('BENCH_SCOPE_OWN', 2000);
const AUTOMATION_CREATES = envInt('BENCH_AUTOMATION_CREATES', 400);
const REMINDERS = envInt('BENCH_REMINDERS', 10_000);
const DEFAULT_PARTS = ['speed', 'peer', 'js', 'scopes', 'automation'];
const ONLY = new Set((process.env.BENCH_ONLY ?? DEFAULT_PARTS.join(',')).split(',').map((part) => part.trim()).filter(Boolean));
/** Whether a part runs (creates, lists, export and scopes need the task seed). */
const runs = (part: string) => ONLY.has(part) || (part === 'seed' && (ONLY.has('creates') || ONLY.has('lists') || ONLY.has('export') || ONLY.has('scopes')));

const count = (n: number) => n.toLocaleString('en-US');

interface Context {
  api: ApiClient;
  userId: string;
  tasks: Collection<RecordDoc>;
  customers: Collection<RecordDoc>;
  customerDef: EntityDefinition;
  refs: TaskRefs;
  rows: ResultRow[];
  details: Record<string, unknown>;
}

async function publishedEntity(key: string, fields: string[]): Promise<EntityDefinition> {
  const def = await (await collection('entities')).findOne({ _id: key });
  if (!def) throw new Error(`the ${key} entity is not installed (is the sales-crm template set up?)`);
  const missing = fields.filter((field) => !def.fields.some((candidate) => candidate.key === field));
  if (missing.length > 0) throw new Error(`the ${key} entity lacks the fields ${missing.join(', ')} the benchmark writes`);
  return def;
}

/** 1. Tasks in their stored form with raw insertMany, after the customers they point to. */
async function seed(ctx: Context): Promise<void> {
  progress(`seeding ${count(CUSTOMERS)} customers`);
  ctx.refs.customerIds = await seedCustomers(ctx.customerDef, ctx.customers, CUSTOMERS, ctx.userId);
  progress(`seeding ${count(RECORDS)} tasks (insertMany, 1,000 a batch)`);
  const start = Date.now() - RECORDS * 1000;
  const step = Math.max(1000, Math.round(RECORDS / 5 / 1000) * 1000);
  const ms = await insertInBatches(
    ctx.tasks,
    RECORDS,
    (i) => storedRecord(taskValues(i, ctx.refs), ctx.userId, new Date(start + i * 1000)),
    (done) => done % step === 0 && done < RECORDS && progress(`  ${count(done)} tasks stored`),
  );
  const rate = (RECORDS / ms) * 1000;
  ctx.rows.push({ measure: `seed ${count(RECORDS)} tasks (insertMany, 1,000 a batch)`, raw: { value: rate, unit: 'records/s', note: `${(ms / 1000).toFixed(1)} s` } });
  ctx.details.seed = { customers: CUSTOMERS, tasks: RECORDS, ms, recordsPerSecond: rate };
}

/** Waits until the worker has finished every workflow run; returns how long that took and how many failed. */
async function workflowRunsDrained(): Promise<{ ms: number; failed: number }> {
  const runs = await collection('workflowRuns');
  const [, ms] = await timed(async () => {
    while ((await runs.countDocuments({ status: { $in: ['queued', 'running', 'retrying'] } })) > 0) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  return { ms, failed: await runs.countDocuments({ status: 'failed' }) };
}

async function created(response: Promise<{ status: number; body: unknown }>): Promise<true | string> {
  const { status, body } = await response;
  return status === 201 || `HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}`;
}

/** 2. Creates through the API versus raw insertOne of the same stored document. */
async function creates(ctx: Context): Promise<void> {
  const rawTasks = await scratchLike(ctx.tasks, 'bench_raw_task');
  const rawCustomers = await scratchLike(ctx.customers, 'bench_raw_customer');
  const numbering = recordNumbering(ctx.customerDef);
  // A few creates first, so neither side pays for the first route load or schema compilation.
  let nextTask = RECORDS;
  let nextCustomer = CUSTOMERS;
  for (let i = 0; i < 3; i++) await ctx.api.post('/api/records/task', taskValues(nextTask++, ctx.refs));
  const results: Record<string, unknown>[] = [];

  for (const clients of CLIENTS) {
    const base = nextTask;
    nextTask += CREATES;
    progress(`creating ${count(CREATES)} tasks through the API, ${clients} client(s)`);
    const http = await pool(CREATES, clients, (i) => created(ctx.api.post('/api/records/task', taskValues(base + i, ctx.refs))));
    if (http.firstError) progress(`  first API error: ${http.firstError}`);
    progress(`inserting ${count(CREATES)} tasks with raw insertOne, ${clients} client(s)`);
    const raw = await pool(CREATES, clients, async (i) => {
      await rawTasks.insertOne(storedRecord(taskValues(base + i, ctx.refs), ctx.userId));
      return true;
    });
    const ratio = http.rate / raw.rate;
    ctx.rows.push({
      measure: `create task, ${clients} client${clients > 1 ? 's' : ''}`,
      salesflow: { value: http.rate, unit: '/s', note: `${http.errors} errors` },
      raw: { value: raw.rate, unit: '/s', note: `${raw.errors} errors` },
      ratio: rateRatio(http.rate, raw.rate),
      target: { text: `≥ ${CREATE_TARGET * 100} %`, met: ratio >= CREATE_TARGET && http.errors === 0 },
    });
    results.push({ entity: 'task', clients, count: CREATES, api: http, raw });
  }

  for (const clients of CLIENTS) {
    const base = nextCustomer;
    nextCustomer += CUSTOMER_CREATES;
    progress(`creating ${count(CUSTOMER_CREATES)} customers through the API, ${clients} client(s), then waiting for their workflow runs`);
    const http = await pool(CUSTOMER_CREATES, clients, (i) => created(ctx.api.post('/api/records/customer', customerValues(base + i))));
    if (http.firstError) progress(`  first API error: ${http.firstError}`);
    // Each create starts the follow-up workflow; the raw side is measured once the worker is done.
    const drained = await workflowRunsDrained();
    const raw = await pool(CUSTOMER_CREATES, clients, async (i) => {
      await rawCustomers.insertOne({ ...storedRecord(customerValues(base + i), ctx.userId), [numbering.field]: numbering.format(base + i + 1) });
      return true;
    });
    const runsPerSecond = (CUSTOMER_CREATES / (http.ms + drained.ms)) * 1000;
    ctx.rows.push({
      measure: `create customer (starts a workflow), ${clients} client${clients > 1 ? 's' : ''}`,
      salesflow: { value: http.rate, unit: '/s', note: `${http.errors} errors` },
      raw: { value: raw.rate, unit: '/s', note: `${raw.errors} errors` },
      ratio: rateRatio(http.rate, raw.rate),
    });
    ctx.rows.push({
      measure: `  its follow-up workflow runs, end to end`,
      salesflow: { value: runsPerSecond, unit: 'runs/s', note: `worker done ${(drained.ms / 1000).toFixed(1)} s after the last create, ${drained.failed} failed` },
    });
    results.push({ entity: 'customer', clients, count: CUSTOMER_CREATES, api: http, raw, workflowDrainMs: drained.ms, failedRuns: drained.failed, runsPerSecond });
  }
  ctx.details.creates = results;
  await rawTasks.drop().catch(() => undefined);
  await rawCustomers.drop().catch(() => undefined);
}

interface ListCase {
  name: string;
  /** The row's name, given the list's total. */
  measure: (total: number) => string;
  path: string;
  filter: Filter<RecordDoc>;
  sort: Sort;
  skip: number;
}

interface ListPage {
  items: { id: string }[];
  total: number;
}

/**
 * Times one list page through the API and the same find (with the _id tiebreak) and count in
 * parallel with the raw driver, alternately; checks both return the same rows and total.
 * Returns the total.
 */
async function timeList(ctx: Context, list: ListCase, results: Record<string, unknown>[]): Promise<number> {
  progress(`${list.name}: ${LIST_RUNS} runs each through the API and raw`);
  const apiMs: number[] = [];
  const rawMs: number[] = [];
  let same = true;
  let rawTotal = 0;
  for (let run = 0; run < LIST_RUNS; run++) {
    const [response, api] = await timed(() => ctx.api.get<ListPage>(list.path));
    if (response.status !== 200) throw new Error(`GET ${list.path}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
    const [[docs, total], raw] = await timed(() =>
      Promise.all([ctx.tasks.find(list.filter).sort(list.sort).skip(list.skip).limit(PAGE_SIZE).toArray(), ctx.tasks.countDocuments(list.filter)]),
    );
    apiMs.push(api);
    rawMs.push(raw);
    rawTotal = total;
    same &&= response.body.total === total && response.body.items.map((item) => item.id).join() === docs.map((doc) => doc._id.toHexString()).join();
    progress(`  run ${run + 1}: API ${count(Math.round(api))} ms, raw ${count(Math.round(raw))} ms`);
  }
  const measure = list.measure(rawTotal);
  if (!same) progress(`  the API and the raw query returned different rows for ${measure}`);
  const ratio = median(apiMs) / median(rawMs);
  ctx.rows.push({
    measure,
    salesflow: { value: median(apiMs), unit: 'ms', note: same ? `median of ${LIST_RUNS}` : `median of ${LIST_RUNS}, ROWS DIFFER` },
    raw: { value: median(rawMs), unit: 'ms', note: 'find + count' },
    ratio: timeRatio(median(apiMs), median(rawMs)),
    target: { text: `≤ ${LIST_TARGET}×`, met: ratio <= LIST_TARGET && same },
  });
  results.push({ measure, path: list.path, filter: list.filter as Document, skip: list.skip, total: rawTotal, apiMs, rawMs, sameRows: same });
  return rawTotal;
}

/** 3. The open tasks by due date: page 1 and a deep page (1,000, or the last); then a keyword search. */
async function lists(ctx: Context): Promise<void> {
  const live = { _deletedAt: { $exists: false } };
  const openFilter: Filter<RecordDoc> = { ...live, status: { $in: ['open'] } };
  const openParam = encodeURIComponent(JSON.stringify({ match: 'all', conditions: [{ field: 'status', op: 'anyOf', value: ['open'] }] }));
  const byDueDate: Sort = { dueDate: 1, _id: 1 };
  const openPath = `/api/records/task?pageSize=${PAGE_SIZE}&sort=dueDate:asc&filter=${openParam}`;
  const results: Record<string, unknown>[] = [];
  const open = await timeList(ctx, { name: 'list page 1', measure: (total) => `list page 1 (50 of ${count(total)} open tasks by due date)`, path: openPath, filter: openFilter, sort: byDueDate, skip: 0 }, results);
  const deepPage = Math.min(1000, Math.max(1, Math.ceil(open / PAGE_SIZE)));
  const skip = (deepPage - 1) * PAGE_SIZE;
  await timeList(ctx, { name: `list page ${count(deepPage)}`, measure: () => `list page ${count(deepPage)} (skip ${count(skip)})`, path: `${openPath}&page=${deepPage}`, filter: openFilter, sort: byDueDate, skip }, results);
  await timeList(
    ctx,
    {
      name: 'keyword search page',
      measure: (total) => `keyword search page 1 (q=${SEARCH_KEYWORD}, ${count(total)} matches)`,
      path: `/api/records/task?pageSize=${PAGE_SIZE}&sort=dueDate:asc&q=${SEARCH_KEYWORD}`,
      // The task's searchable fields: title and notes.
      filter: { ...live, $or: ['title', 'notes'].map((field) => ({ [field]: { $regex: SEARCH_KEYWORD, $options: 'i' } })) },
      sort: byDueDate,
      skip: 0,
    },
    results,
  );
  ctx.details.lists = results;
}

async function main() {
  const webPid = Number(process.env.SALESFLOW_WEB_PID) || undefined;
  const workerPid = Number(process.env.SALESFLOW_WORKER_PID) || undefined;
  const memory = new MemorySampler(webPid);
  const workerMemory = new MemorySampler(workerPid);
  const idleMb = memory.sample();
  const workerIdleMb = workerMemory.sample();
  memory.start(200);
  workerMemory.start(200);
  progress(`benchmark: ${[...ONLY].join(', ')}; ${count(RECORDS)} records, ${count(CREATES)} creates per phase${webPid ? '' : ' (no SALESFLOW_WEB_PID: memory not measured)'}`);

  const db = await database();
  const buildInfo = await db.admin().command({ buildInfo: 1 });
  const admin = await (await collection('users')).findOne({ email: ADMIN.email });
  if (!admin) throw new Error(`no user ${ADMIN.email}`);
  const userId = admin._id.toHexString();
  const ctx: Context = {
    api: await adminTokenClient(),
    userId,
    tasks: await recordCollection('task'),
    customers: await recordCollection('customer'),
    customerDef: runs('seed') ? await publishedEntity('customer', ['name', 'status', 'source', 'phone', 'email', 'notes']) : ({} as EntityDefinition),
    refs: { customerIds: [], userId },
    rows: [],
    details: {},
  };
  if (runs('seed')) await publishedEntity('task', ['title', 'customer', 'assignee', 'dueDate', 'priority', 'status', 'completedAt', 'notes']);

  if (runs('speed')) await benchSpeed({ api: ctx.api, db, userId, rows: ctx.rows, details: ctx.details, memory, settings: { records: RECORDS, creates: CREATES, samples: SAMPLES, unpatchedSamples: UNPATCHED_SAMPLES } });
  if (runs('peer')) {
    memory.enter('peer');
    await benchPeer({ rows: ctx.rows, details: ctx.details, webPid });
  }
  if (runs('seed')) {
    memory.enter('seed');
    await seed(ctx);
  }
  if (runs('creates')) {
    memory.enter('creates');
    await creates(ctx);
  }
  if (runs('lists')) {
    memory.enter('lists');
    await lists(ctx);
  }
  if (runs('export')) await benchExport({ ...ctx, memory });
  if (runs('scopes')) {
    memory.enter('scopes');
    await benchScopes({ ...ctx, records: RECORDS, own: Math.min(SCOPE_OWN, Math.floor(RECORDS / 50)), runs: Math.max(20, LIST_RUNS * 4) });
  }

  if (runs('js')) {
    memory.enter('first-load JS');
    progress('measuring the first-load JavaScript of the customer form');
    const { cookie } = await signIn(ADMIN.email, ADMIN.password);
    const formKb = await firstLoadJsKb('/records/customer/new', cookie ?? '');
    ctx.rows.push({ measure: 'customer form first-load JS (gzip)', salesflow: { value: formKb, unit: 'kB' } });
  }
  if (runs('dashboards')) {
    memory.enter('dashboards');
    const customerIds = ctx.refs.customerIds.length > 0 ? ctx.refs.customerIds : await seedCustomers(await publishedEntity('customer', ['name', 'status']), ctx.customers, CUSTOMERS, userId);
    const actor = await actorFor(admin, 'job');
    await dashboardBench({ api: ctx.api, actor, customerIds, orders: DASHBOARD_ORDERS, runs: LIST_RUNS, rows: ctx.rows, details: ctx.details });
  }
  if (runs('import')) {
    await importBench({ api: ctx.api, userId, rows: ctx.rows, details: ctx.details, web: memory, worker: workerMemory, importRows: IMPORT_ROWS });
    memory.enter('after import');
  }
  if (runs('automation')) {
    memory.enter('automation');
    await automationBench({ api: ctx.api, userId, rows: ctx.rows, details: ctx.details, worker: workerMemory, creates: AUTOMATION_CREATES, reminders: REMINDERS });
  }
  memory.stop();
  workerMemory.stop();
  if (workerMemory.enabled) ctx.rows.push({ measure: 'worker process memory, idle before the run', salesflow: { value: workerIdleMb, unit: 'MB' } });
  if (memory.enabled) {
    ctx.rows.push({ measure: 'web process memory, idle before the run', salesflow: { value: idleMb, unit: 'MB' } });
    ctx.rows.push({
      measure: 'web process memory, peak (RSS every 200 ms)',
      salesflow: { value: memory.peakMb, unit: 'MB' },
      target: { text: `< ${MEMORY_TARGET_MB} MB`, met: memory.peakMb < MEMORY_TARGET_MB },
    });
  }

  const seconds = elapsedSeconds();
  const table = tableText(ctx.rows);
  console.log(`\n${table}\n\nbenchmark took ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s (after the build and start)`);
  const path = process.env.BENCH_RESULTS ?? join(process.cwd(), 'data', 'bench', 'results.json');
  writeResults(path, {
    finishedAt: new Date().toISOString(),
    seconds,
    settings: { records: RECORDS, customers: CUSTOMERS, creates: CREATES, customerCreates: CUSTOMER_CREATES, listRuns: LIST_RUNS, samples: SAMPLES, unpatchedSamples: UNPATCHED_SAMPLES, pageSize: PAGE_SIZE, clients: CLIENTS, importRows: IMPORT_ROWS, only: [...ONLY] },
    database: { version: buildInfo.version, ferretdb: buildInfo.ferretdbVersion ?? null },
    memory: { idleMb, peakMb: memory.peakMb, peakByPhase: memory.peakByPhase, worker: { idleMb: workerIdleMb, peakMb: workerMemory.peakMb, peakByPhase: workerMemory.peakByPhase } },
    rows: ctx.rows,
    details: ctx.details,
  });
  progress(`results written to ${path}`);
  await closeMongo();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

main().catch(async (error) => {
  console.error(error);
  const webPid = Number(process.env.SALESFLOW_WEB_PID);
  if (webPid && !alive(webPid)) console.error(`the web process (pid ${webPid}) is gone: it crashed or was stopped from outside (its log: data/bench/logs/web.log)`);
  await closeMongo();
  process.exit(1);
});
