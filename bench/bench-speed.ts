/**
 * The embedded database's speed at BENCH_RECORDS (100,000) opportunities, in one run:
 *   - through the HTTP API on the patched FerretDB the app runs on (`.bin/ferretdb`);
 *   - the same queries with the raw driver on that database (no HTTP, no app);
 *   - the same queries with the raw driver on the unpatched binary (`.bin/ferretdb-upstream`),
 *     started here on a port of its own and seeded with the very same documents (same _ids).
 * Queries: list page 1 (a select's value, sorted by a date, 50 rows + total), page 1,000, an
 * owner's records, the total count, a keyword search, the sum of a money field grouped by a
 * select (what a dashboard chart asks, raw only until the dashboards sum through their API). Then creates through the API with 1 and 8 clients, beside raw
 * inserts of the same documents into both databases. Each query is sampled until SAMPLES runs
 * or its time budget is spent (the unpatched binary gets UNPATCHED_SAMPLES within a larger
 * budget: about 25 s a query at 100,000 records), and every column's rows are compared.
 */
import { existsSync } from 'node:fs';
import { ObjectId, type Collection, type Db, type Document, type Filter, type Sort } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { computeFormulas } from '@/lib/records/record.compute';
import type { RecordDoc } from '@/lib/records/record.types';
import { NO_USAGE, recordIndexPlan } from '@/lib/records/record.indexes';
import { widgetIndexKeys } from '@/lib/dashboards/dashboard.indexes';
import type { ApiClient } from '../tests/support/http';
import type { MemorySampler } from './memory-sampler';
import { rateRatio, timeRatio, type Cell, type ResultRow } from './results-table';
import { pool, progress, timed } from './timing';
import { FERRETDB_BINARIES, startFerretDB, type RunningFerretDB } from '../tests/support/ferretdb';

type UpstreamDb = RunningFerretDB;

/**
 * The unpatched binary (`.bin/ferretdb-upstream`, built by the launcher beside the patched
 * one) on a free port and a folder of its own, or why it is not measured.
 */
async function startUpstream(dbName: string): Promise<UpstreamDb | string> {
  if (!existsSync(FERRETDB_BINARIES.upstream)) return `no ${FERRETDB_BINARIES.upstream}`;
  try {
    return await startFerretDB('bench-upstream', FERRETDB_BINARIES.upstream, { dbName });
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

export interface SpeedSettings {
  records: number;
  creates: number;
  /** Timed runs per query and column (patched), within QUERY_BUDGET_MS. */
  samples: number;
  unpatchedSamples: number;
}

export interface SpeedContext {
  api: ApiClient;
  db: Db;
  userId: string;
  rows: ResultRow[];
  details: Record<string, unknown>;
  memory: MemorySampler;
  settings: SpeedSettings;
}

const PAGE_SIZE = 50;
const QUERY_BUDGET_MS = 15_000;
const UNPATCHED_BUDGET_MS = 40_000;
const UNPATCHED_LIMIT_MS = 60_000;
const OWNERS = 20;
const CUSTOMERS = 1000;
const KEYWORD = 'quote';
const ENTITY = 'opportunity';
const DAY_MS = 86_400_000;
const count = (n: number) => n.toLocaleString('en-US');

/** A number in [0, 1) that depends only on (i, salt): every run seeds the same values. */
function unit(i: number, salt: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

const NAMES = ['Renewal', 'Expansion', 'Pilot', 'Upgrade 升级', 'New logo', 'Quote review', 'Support plan', 'Migration'];
/** 60 % qualification, so page 1,000 of that stage exists at 100,000 records. */
const STAGES: [string, number][] = [
  ['qualification', 0.6],
  ['needs_analysis', 0.7],
  ['proposal', 0.8],
  ['negotiation', 0.88],
  ['won', 0.95],
  ['lost', 1],
];
const LOST_REASONS = ['price', 'competitor', 'no_budget', 'no_decision', 'product_fit', 'other'];

export interface SeedRefs {
  customers: string[];
  owners: string[];
}

/** Opportunity i's values, as a valid API body (the server fills the formulas). */
export function opportunityValues(i: number, refs: SeedRefs): Record<string, unknown> {
  const stageDraw = unit(i, 11);
  const stage = STAGES.find(([, upTo]) => stageDraw < upTo)![0];
  const values: Record<string, unknown> = {
    name: `${NAMES[i % NAMES.length]} #${i}`,
    customer: refs.customers[Math.floor(unit(i, 12) * refs.customers.length)],
    stage,
    owner: refs.owners[Math.floor(unit(i, 13) * refs.owners.length)],
    amount: 1000 + Math.floor(unit(i, 14) * 5_000_000) * 100,
    expectedCloseDate: new Date(Date.UTC(2026, 0, 1) + Math.floor(unit(i, 15) * 730) * DAY_MS).toISOString().slice(0, 10),
  };
  if (stage === 'lost') values.lostReason = LOST_REASONS[i % LOST_REASONS.length];
  if (unit(i, 16) < 0.5) values.nextStep = `Call the buyer about the timeline of deal ${i}`;
  if (unit(i, 17) < 0.5) values.notes = `Seeded by the benchmark: budget, timeline and next steps for deal ${i}. 备注：下周再联系。`;
  return values;
}

/** Seeded ids: the same in both databases, in creation order. */
function seededId(i: number): ObjectId {
  return new ObjectId((1_735_689_600 + i).toString(16).padStart(8, '0') + 'b0b0b0b0' + i.toString(16).padStart(8, '0'));
}

/** The document the record service stores for opportunity i (formulas computed, owned by its owner). */
function storedOpportunity(def: EntityDefinition, i: number, refs: SeedRefs, id = seededId(i), at = new Date(1_735_689_600_000 + i * 1000)): RecordDoc {
  const data = opportunityValues(i, refs);
  computeFormulas(def, data);
  const owner = data.owner as string;
  return { ...data, _id: id, _ownerId: owner, _createdAt: at, _createdBy: owner, _updatedAt: at, _updatedBy: owner, _version: 1 };
}

/** Customers to point at (seeded raw unless some exist) and twenty owners (users). */
async function seedRefs(db: Db): Promise<SeedRefs> {
  const customers = await recordCollection('customer');
  let ids = (await customers.find({}, { projection: { _id: 1 } }).limit(CUSTOMERS).toArray()).map((doc) => doc._id.toHexString());
  if (ids.length < CUSTOMERS) {
    const now = Date.now();
    const docs = Array.from({ length: CUSTOMERS - ids.length }, (_, k) => {
      const at = new Date(now - k * 60_000);
      return { _id: new ObjectId(), name: `Speed customer ${k} 客户`, status: 'active', _ownerId: '', _createdAt: at, _createdBy: '', _updatedAt: at, _updatedBy: '', _version: 1 } as RecordDoc;
    });
    await customers.insertMany(docs);
    ids = [...ids, ...docs.map((doc) => doc._id.toHexString())];
  }
  const users = db.collection('users');
  const owners = Array.from({ length: OWNERS }, (_, k) => new ObjectId((1_735_689_600).toString(16) + 'a0a0a0a0' + k.toString(16).padStart(8, '0')));
  const now = new Date();
  await users.deleteMany({ _id: { $in: owners } });
  await users.insertMany(owners.map((_id, k) => ({ _id, email: `owner${k}@speed.bench`, name: `Owner ${k} 负责人`, role: 'staff', active: true, passwordHash: '!', createdAt: now, updatedAt: now })));
  return { customers: ids, owners: owners.map((id) => id.toHexString()) };
}

async function copyIndexes(from: Collection<RecordDoc>, to: Collection<Document>): Promise<void> {
  for (const index of await from.listIndexes().toArray()) {
    if (index.name !== '_id_') await to.createIndex(index.key, { name: index.name, ...(index.unique ? { unique: true } : {}) });
  }
}

/** Seeds both databases with the same documents, a batch at a time, the two inserts of a batch side by side. */
async function seed(ctx: SpeedContext, def: EntityDefinition, refs: SeedRefs, upstream: UpstreamDb | null): Promise<void> {
  const records = await recordCollection(ENTITY);
  if ((await records.estimatedDocumentCount()) > 0) throw new Error(`rec_${ENTITY} is not empty: the speed part seeds its own opportunities`);
  // The entity's planned indexes and the one a dashboard widget summing amount by stage gives it
  // (lib/dashboards/dashboard.indexes.ts), made before the rows as the product would have them.
  const stageSums = widgetIndexKeys(def, { entity: ENTITY, measures: [{ fn: 'sum', field: 'amount' }], dimensions: [{ field: 'stage' }] });
  const plan = [...recordIndexPlan(def, NO_USAGE), ...stageSums.map((keys, i) => ({ name: `dash_bench_${i}`, key: Object.fromEntries(keys.map((key) => [key, 1 as const])) }))];
  const existing = await records.listIndexes().toArray();
  // The pack's own dashboards may already have made the widget's index under their name.
  const sameKey = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);
  for (const spec of plan) if (!existing.some((index) => index.name === spec.name || sameKey(index.key, spec.key))) await records.createIndex(spec.key, { name: spec.name });
  const mirror = upstream?.db.collection(`rec_${ENTITY}`);
  if (mirror) await copyIndexes(records, mirror);
  progress(`speed: seeding ${count(ctx.settings.records)} opportunities into the patched${mirror ? ' and the unpatched' : ''} database`);
  const step = Math.max(1000, Math.round(ctx.settings.records / 5 / 1000) * 1000);
  const times = { patched: 0, unpatched: 0 };
  for (let start = 0; start < ctx.settings.records; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, ctx.settings.records - start) }, (_, k) => storedOpportunity(def, start + k, refs));
    await Promise.all([
      timed(() => records.insertMany(batch)).then(([, ms]) => (times.patched += ms)),
      mirror ? timed(() => mirror.insertMany(batch.map((doc) => ({ ...doc })))).then(([, ms]) => (times.unpatched += ms)) : undefined,
    ]);
    const done = start + batch.length;
    if (done % step === 0 && done < ctx.settings.records) progress(`  ${count(done)} stored`);
  }
  const rate = (ms: number) => (ctx.settings.records / ms) * 1000;
  ctx.rows.push({
    measure: `seed ${count(ctx.settings.records)} opportunities (insertMany, 1,000 a batch, both databases at once)`,
    raw: { value: rate(times.patched), unit: 'records/s', note: `${(times.patched / 1000).toFixed(1)} s` },
    ...(mirror ? { unpatched: { value: rate(times.unpatched), unit: 'records/s', note: `${(times.unpatched / 1000).toFixed(1)} s` } } : {}),
  });
  ctx.details.speedSeed = { records: ctx.settings.records, ...times };
}

interface Samples {
  ms: number[];
  /** What the query answered (ids + total, or groups), to compare columns. */
  answer: string;
  error?: string;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/**
 * Runs a query until `max` timed runs or the budget is spent (at least one). A first run under
 * a second warms caches and is not counted; a slower one is (there is no time to waste).
 */
async function sample(run: () => Promise<string>, max: number, budgetMs: number): Promise<Samples> {
  const ms: number[] = [];
  let answer = '';
  try {
    const [first, firstMs] = await timed(run);
    answer = first;
    if (firstMs >= 1000) ms.push(firstMs);
    const started = Date.now();
    while (ms.length < max && (ms.length === 0 || Date.now() - started + (ms.at(-1) ?? 0) <= budgetMs)) {
      const [again, took] = await timed(run);
      ms.push(took);
      if (again !== answer) answer = 'ANSWERS VARY';
    }
    return { ms, answer };
  } catch (error) {
    return { ms, answer, error: error instanceof Error ? error.message : String(error) };
  }
}

function timeCell(samples: Samples, stat: 'p95' | 'median'): Cell | undefined {
  if (samples.ms.length === 0 && samples.error && /exceeded time limit|MaxTimeMS|operation exceeded/i.test(samples.error)) {
    return { value: NaN, unit: '', note: `> ${count(UNPATCHED_LIMIT_MS)} ms (stopped by maxTimeMS)` };
  }
  if (samples.ms.length === 0) return samples.error ? { value: NaN, unit: '', note: `failed: ${samples.error.slice(0, 80)}` } : undefined;
  const sorted = [...samples.ms].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  const median = percentile(sorted, 50);
  return {
    value: stat === 'p95' ? p95 : median,
    unit: 'ms',
    note: `${stat === 'p95' ? `median ${median.toFixed(1)}` : `p95 ${p95.toFixed(1)}`}, n=${sorted.length}${samples.error ? `, then failed: ${samples.error.slice(0, 60)}` : ''}`,
  };
}

interface QueryCase {
  measure: string;
  target: { stat: 'p95' | 'median'; ms: number };
  /** The API path, and how its answer reads as a comparable text (none: asked only raw). */
  path?: string;
  apiAnswer?: (body: any) => string;
  /** The same question with the raw driver, against either database. */
  raw: (records: Collection<Document>, maxTimeMS?: number) => Promise<string>;
}

const pageAnswer = (docs: Document[], total: number) => `${total}:${docs.map((doc) => String(doc._id)).join(',')}`;

async function findPage(records: Collection<Document>, filter: Filter<Document>, sort: Sort, skip: number, maxTimeMS?: number): Promise<string> {
  const options = maxTimeMS ? { maxTimeMS } : {};
  const [docs, total] = await Promise.all([records.find(filter, options).sort(sort).skip(skip).limit(PAGE_SIZE).toArray(), records.countDocuments(filter, options)]);
  return pageAnswer(docs, total);
}

function groupsAnswer(groups: { _id: unknown; value: unknown }[]): string {
  return JSON.stringify(groups.map((group) => [String(group._id), group.value]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
}

function queryCases(refs: SeedRefs, records: number): QueryCase[] {
  const live = { _deletedAt: null };
  const byCloseDate: Sort = { expectedCloseDate: 1, _id: 1 };
  const stage = 'qualification';
  const stageParam = encodeURIComponent(JSON.stringify({ match: 'all', conditions: [{ field: 'stage', op: 'anyOf', value: [stage] }] }));
  const owner = refs.owners[3];
  const ownerParam = encodeURIComponent(JSON.stringify({ match: 'all', conditions: [{ field: 'ownerId', op: 'anyOf', value: [owner] }] }));
  const listPath = `/api/records/${ENTITY}?pageSize=${PAGE_SIZE}&sort=expectedCloseDate:asc&filter=${stageParam}`;
  const deepPage = Math.max(1, Math.min(1000, Math.floor((records * 0.6) / PAGE_SIZE)));
  const listAnswer = (body: { items: { id: string }[]; total: number }) => `${body.total}:${body.items.map((item) => item.id).join(',')}`;
  return [
    {
      measure: `list page 1 (stage = ${stage}, by close date, ${PAGE_SIZE} rows + total)`,
      target: { stat: 'p95', ms: 50 },
      path: listPath,
      apiAnswer: listAnswer,
      raw: (coll, maxTimeMS) => findPage(coll, { ...live, stage }, byCloseDate, 0, maxTimeMS),
    },
    {
      measure: `list page ${count(deepPage)} (skip ${count((deepPage - 1) * PAGE_SIZE)})`,
      target: { stat: 'p95', ms: 150 },
      path: `${listPath}&page=${deepPage}`,
      apiAnswer: listAnswer,
      raw: (coll, maxTimeMS) => findPage(coll, { ...live, stage }, byCloseDate, (deepPage - 1) * PAGE_SIZE, maxTimeMS),
    },
    {
      measure: `an owner's records (page 1 + total)`,
      target: { stat: 'median', ms: 20 },
      path: `/api/records/${ENTITY}?pageSize=${PAGE_SIZE}&filter=${ownerParam}`,
      apiAnswer: listAnswer,
      raw: (coll, maxTimeMS) => findPage(coll, { ...live, _ownerId: owner }, byCloseDate, 0, maxTimeMS),
    },
    {
      measure: 'total count (the API: a page of 1 + total)',
      target: { stat: 'median', ms: 20 },
      path: `/api/records/${ENTITY}?pageSize=1`,
      apiAnswer: (body: { total: number }) => String(body.total),
      raw: async (coll, maxTimeMS) => String(await coll.countDocuments(live, maxTimeMS ? { maxTimeMS } : {})),
    },
    {
      measure: `keyword search (q=${KEYWORD}, page 1 + total)`,
      target: { stat: 'median', ms: 500 },
      path: `/api/records/${ENTITY}?pageSize=${PAGE_SIZE}&q=${KEYWORD}`,
      apiAnswer: listAnswer,
      // The opportunity's searchable fields: name, nextStep, notes.
      raw: (coll, maxTimeMS) => findPage(coll, { ...live, $or: ['name', 'nextStep', 'notes'].map((field) => ({ [field]: { $regex: KEYWORD, $options: 'i' } })) }, byCloseDate, 0, maxTimeMS),
    },
    {
      // What a dashboard chart asks ($match, then $group by one field); today's charts only
      // count, so this one is asked raw (the dashboards of issue 11 sum through their API).
      measure: 'sum of amount by stage ($match + $group, raw)',
      target: { stat: 'median', ms: 300 },
      raw: async (coll, maxTimeMS) =>
        groupsAnswer(await coll.aggregate<{ _id: unknown; value: unknown }>([{ $match: live }, { $group: { _id: '$stage', value: { $sum: '$amount' } } }], maxTimeMS ? { maxTimeMS } : {}).toArray()),
    },
  ];
}

async function queries(ctx: SpeedContext, refs: SeedRefs, upstream: UpstreamDb | null): Promise<void> {
  const patched = ctx.db.collection(`rec_${ENTITY}`);
  const unpatched = upstream?.db.collection(`rec_${ENTITY}`);
  const results: Record<string, unknown>[] = [];
  for (const query of queryCases(refs, ctx.settings.records)) {
    progress(`speed: ${query.measure}`);
    const { path, apiAnswer } = query;
    const api =
      path && apiAnswer
        ? await sample(async () => {
            const response = await ctx.api.get(path);
            if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
            return apiAnswer(response.body);
          }, ctx.settings.samples, QUERY_BUDGET_MS)
        : null;
    const raw = await sample(() => query.raw(patched), ctx.settings.samples, QUERY_BUDGET_MS);
    // The unpatched binary reads and decodes every document: each run is stopped after
    // UNPATCHED_LIMIT_MS (the server's maxTimeMS), so the whole benchmark stays bounded.
    const old = unpatched ? await sample(() => query.raw(unpatched, UNPATCHED_LIMIT_MS), ctx.settings.unpatchedSamples, UNPATCHED_BUDGET_MS) : null;
    const describe = (what: string, s: Samples | null) => (s ? `${what} ${s.ms.map((ms) => Math.round(ms)).join('/')} ms` : '');
    progress(`  ${[describe('API', api), describe('raw', raw), describe('unpatched', old)].filter(Boolean).join(', ')}`);
    // The API and the raw driver answer the same rows; the two binaries the same rows and groups.
    const apiSame = !api || api.answer === raw.answer;
    const binariesSame = !old || old.ms.length === 0 || old.answer === raw.answer;
    const apiCell = api ? timeCell(api, query.target.stat) : undefined;
    const rawCell = timeCell(raw, query.target.stat);
    if (apiCell && !apiSame) apiCell.note = `${apiCell.note}, ROWS DIFFER FROM RAW`;
    const oldCell = old ? timeCell(old, query.target.stat) : undefined;
    if (oldCell && !binariesSame) oldCell.note = `${oldCell.note}, ROWS DIFFER FROM PATCHED`;
    ctx.rows.push({
      measure: query.measure,
      salesflow: apiCell,
      raw: rawCell,
      unpatched: oldCell,
      ratio: apiCell && rawCell ? timeRatio(apiCell.value, rawCell.value) : undefined,
      // Judged on what people get: the API's time, or the raw time where there is no API yet.
      target: { text: `${query.target.stat} ≤ ${query.target.ms} ms`, met: Boolean((apiCell ?? rawCell) && (apiCell ?? rawCell)!.value <= query.target.ms && apiSame && binariesSame) },
    });
    results.push({ measure: query.measure, path: query.path ?? null, apiMs: api?.ms ?? null, rawMs: raw.ms, unpatchedMs: old?.ms ?? null, apiSame, binariesSame, answer: raw.answer.slice(0, 200), errors: [api?.error, raw.error, old?.error].filter(Boolean) });
  }
  ctx.details.speedQueries = results;
}

async function created(response: Promise<{ status: number; body: unknown }>): Promise<true | string> {
  const { status, body } = await response;
  return status === 201 || `HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}`;
}

/** Creates through the API with 1 and 8 clients, beside raw inserts of the same documents into both databases. */
async function creates(ctx: SpeedContext, def: EntityDefinition, refs: SeedRefs, upstream: UpstreamDb | null): Promise<void> {
  const patched = ctx.db.collection(`rec_${ENTITY}`) as Collection<RecordDoc>;
  const rawPatched = ctx.db.collection<Document>('bench_raw_opportunity');
  const rawUnpatched = upstream?.db.collection<Document>('bench_raw_opportunity');
  for (const scratch of [rawPatched, rawUnpatched]) {
    if (!scratch) continue;
    await scratch.drop().catch(() => undefined);
    await copyIndexes(patched, scratch);
  }
  let next = ctx.settings.records;
  // A few first, so neither side pays for the route's first load.
  for (let k = 0; k < 3; k++) await ctx.api.post(`/api/records/${ENTITY}`, opportunityValues(next++, refs));
  const results: Record<string, unknown>[] = [];
  for (const [clients, target] of [
    [1, 150],
    [8, 300],
  ] as const) {
    const base = next;
    next += ctx.settings.creates;
    progress(`speed: ${count(ctx.settings.creates)} opportunities created through the API, ${clients} client(s)`);
    ctx.memory.enter(`creates, ${clients} clients`);
    const http = await pool(ctx.settings.creates, clients, (i) => created(ctx.api.post(`/api/records/${ENTITY}`, opportunityValues(base + i, refs))));
    if (http.firstError) progress(`  first API error: ${http.firstError}`);
    const insert = (scratch: Collection<Document>) => pool(ctx.settings.creates, clients, async (i) => {
      await scratch.insertOne(storedOpportunity(def, base + i, refs, new ObjectId(), new Date()));
      return true;
    });
    const raw = await insert(rawPatched);
    const old = rawUnpatched ? await insert(rawUnpatched) : null;
    progress(`  API ${http.rate.toFixed(0)}/s (${http.errors} errors), raw ${raw.rate.toFixed(0)}/s${old ? `, raw unpatched ${old.rate.toFixed(0)}/s` : ''}`);
    ctx.rows.push({
      measure: `create opportunity through the API, ${clients} client${clients > 1 ? 's' : ''}`,
      salesflow: { value: http.rate, unit: '/s', note: `${http.errors} errors` },
      raw: { value: raw.rate, unit: '/s', note: 'insertOne' },
      ...(old ? { unpatched: { value: old.rate, unit: '/s', note: 'insertOne' } } : {}),
      ratio: rateRatio(http.rate, raw.rate),
      target: { text: `≥ ${target} /s, 0 errors`, met: http.rate >= target && http.errors === 0 },
    });
    results.push({ clients, count: ctx.settings.creates, api: http, raw, unpatched: old });
  }
  ctx.details.speedCreates = results;
  await rawPatched.drop().catch(() => undefined);
  await rawUnpatched?.drop().catch(() => undefined);
}

export async function benchSpeed(ctx: SpeedContext): Promise<void> {
  const def = await (await collection('entities')).findOne({ _id: ENTITY });
  if (!def) throw new Error(`the ${ENTITY} entity is not installed (is the sales-crm template set up?)`);
  ctx.memory.enter('speed seed');
  const upstream = await startUpstream(ctx.db.databaseName);
  if (typeof upstream === 'string') progress(`speed: the unpatched binary is not measured: ${upstream}`);
  const mirror = typeof upstream === 'string' ? null : upstream;
  try {
    const refs = await seedRefs(ctx.db);
    await seed(ctx, def, refs, mirror);
    ctx.memory.enter('speed queries');
    await queries(ctx, refs, mirror);
    await creates(ctx, def, refs, mirror);
  } finally {
    await mirror?.stop();
  }
}
