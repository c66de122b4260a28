import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import { saveEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { bucketKey, dayIn } from '@/lib/dashboards/time-buckets';
import type { AggregateResult } from '@/lib/dashboards/dashboard.types';
import { adminTokenClient, sessionClient, uniqueName, type ApiClient } from '../support/http';

/**
 * Widgets against the real database: 10,000 generated records of an entity with every kind
 * of dimension, compared with the same numbers computed here from the generated values; the
 * drill-down of a bar lists exactly the records it counted; the HTTP API refuses wrong
 * settings with a 400 that names them.
 */
const key = `it_dash_${Date.now().toString(36)}`;
const COUNT = 10_000;
const label = (en: string, zh = en) => ({ 'zh-CN': zh, en });
const STAGES = ['lead', 'offer', 'won', 'lost'];
const TAGS = ['x', 'y', 'z'];
const REGIONS = ['north', 'south', 'east', 'west', 'central', 'overseas', 'islands'];

const definition: EntityDefinition = {
  key,
  version: 0,
  label: label('Deal', '交易'),
  displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: label('Name') },
    { key: 'stage', type: 'select', label: label('Stage', '阶段'), options: STAGES.map((value) => ({ value, label: label(value.toUpperCase(), `阶段${value}`) })) },
    { key: 'tags', type: 'multiselect', label: label('Tags'), options: TAGS.map((value) => ({ value, label: label(`Tag ${value}`) })) },
    { key: 'hot', type: 'boolean', label: label('Hot') },
    { key: 'customer', type: 'relation', label: label('Customer'), relation: { entity: 'customer' } },
    { key: 'rep', type: 'user', label: label('Rep') },
    { key: 'region', type: 'text', label: label('Region') },
    { key: 'amount', type: 'money', label: label('Amount', '金额'), currency: 'CNY' },
    { key: 'qty', type: 'number', label: label('Quantity') },
    { key: 'score', type: 'percent', label: label('Score') },
    { key: 'day', type: 'date', label: label('Day') },
    { key: 'at', type: 'datetime', label: label('At') },
    { key: 'secret', type: 'money', label: label('Secret'), currency: 'CNY', visibleTo: ['admin', 'manager'] },
  ],
  listView: { columns: ['name', 'stage', 'amount'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};

interface Generated {
  _id: ObjectId;
  _ownerId: string;
  stage?: string;
  tags?: string[];
  hot?: boolean;
  customer?: string;
  rep?: string;
  region?: string;
  amount?: number;
  qty?: number;
  score?: number;
  day?: string;
  at?: string;
  secret?: number;
}

let admin: ApiClient;
let staff: ApiClient;
let adminId: string;
const reps: { id: string; name: string }[] = [];
const customers: { id: string; name: string }[] = [];
let docs: Generated[] = [];

/** A small deterministic generator, so a failure can be reproduced. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

async function query(body: unknown, client = admin): Promise<AggregateResult> {
  const response = await client.post('/api/dashboards/query', body);
  expect(response.status, JSON.stringify(response.body).slice(0, 500)).toBe(200);
  return response.body.result as AggregateResult;
}

/** Group key → first measure value of a one-dimension result. */
function byKey(result: AggregateResult, measure = 0): Record<string, number | string | null> {
  return Object.fromEntries(result.rows.map((row) => [result.dimensions[0].values[row.at[0]].key, row.cells[measure].value]));
}

function tally<T>(items: T[], keyOf: (item: T) => string | string[] | undefined, valueOf: (item: T) => number = () => 1): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const keys = keyOf(item);
    for (const k of Array.isArray(keys) ? keys : [keys ?? '']) out[k] = (out[k] ?? 0) + valueOf(item);
  }
  return out;
}

beforeAll(async () => {
  admin = await adminTokenClient();
  adminId = (await admin.get('/api/me')).body.user.id;
  for (const role of ['staff', 'manager', 'staff'] as const) {
    const email = `${uniqueName(`dash-${role}`).replace(/\s/g, '-')}@test.local`;
    const created = await admin.post('/api/users', { email, name: `Rep ${reps.length + 1}`, role, password: 'dashboards-test-pw' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    reps.push({ id: created.body.id, name: `Rep ${reps.length + 1}` });
    if (role === 'staff' && !staff) staff = await sessionClient(email, 'dashboards-test-pw');
  }
  await saveEntity({ ...definition, version: 1 });
  const now = new Date();
  const customerDocs = Array.from({ length: 30 }, (_, i) => ({
    _id: new ObjectId(),
    name: `${key} customer ${String(i).padStart(2, '0')}`,
    status: 'active',
    _ownerId: adminId,
    _createdAt: now,
    _createdBy: adminId,
    _updatedAt: now,
    _updatedBy: adminId,
    _version: 1,
  }));
  await (await recordCollection('customer')).insertMany(customerDocs as never);
  customers.push(...customerDocs.map((doc) => ({ id: doc._id.toHexString(), name: doc.name })));

  const next = random(20261128);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const maybe = <T>(value: T, emptyShare = 0.08) => (next() < emptyShare ? undefined : value);
  docs = Array.from({ length: COUNT }, (_, i) => {
    const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(next() * 700) * 86_400_000).toISOString().slice(0, 10);
    const doc: Generated = {
      _id: new ObjectId(),
      _ownerId: i % 3 === 0 ? adminId : pick(reps).id,
      stage: maybe(pick(STAGES)),
      tags: maybe(TAGS.filter(() => next() < 0.4)),
      hot: maybe(next() < 0.3),
      customer: maybe(pick(customers).id),
      rep: maybe(pick(reps).id),
      region: maybe(pick(REGIONS)),
      // Money in fen, some above what a float adds exactly when summed in yuan.
      amount: maybe(Math.floor(next() * 50_000_000) + 1),
      qty: maybe(Math.floor(next() * 500)),
      score: maybe(Math.floor(next() * 101)),
      day: maybe(day),
      // Moments near midnight in Shanghai fall on the next day there.
      at: maybe(new Date(Date.UTC(2026, 0, 1) + Math.floor(next() * 300 * 24) * 3_600_000).toISOString()),
      secret: Math.floor(next() * 10_000),
    };
    if (doc.tags?.length === 0) delete doc.tags;
    for (const k of Object.keys(doc) as (keyof Generated)[]) if (doc[k] === undefined) delete doc[k];
    return doc;
  });
  const stored = docs.map((doc) => ({ ...doc, name: `deal ${doc._id.toHexString().slice(-6)}`, _createdAt: now, _createdBy: adminId, _updatedAt: now, _updatedBy: adminId, _version: 1 }));
  const records = await recordCollection(key);
  for (let at = 0; at < stored.length; at += 1000) await records.insertMany(stored.slice(at, at + 1000) as never);
  // One in the recycle bin: never counted.
  await records.insertOne({ _id: new ObjectId(), name: 'binned', stage: 'won', amount: 999_999_999, _ownerId: adminId, _createdAt: now, _createdBy: adminId, _updatedAt: now, _updatedBy: adminId, _version: 2, _deletedAt: now, _deletedBy: adminId } as never);
}, 180_000);

afterAll(async () => {
  await (await collection('dashboards')).deleteMany({ key: { $regex: `^${key}` } } as never);
  await closeMongo();
});

describe(`widgets over ${COUNT.toLocaleString('en')} generated records equal a direct computation`, () => {
  it('counts and sums money exactly by a single select, in option order, empty last', async () => {
    const result = await query({ query: { entity: key, measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }], dimensions: [{ field: 'stage' }] } });
    expect(result.dimensions[0].values.map((value) => value.key)).toEqual([...STAGES, '']);
    expect(result.dimensions[0].values.map((value) => value.label)).toEqual(['LEAD', 'OFFER', 'WON', 'LOST', '(empty)']);
    expect(byKey(result, 0)).toEqual(tally(docs, (doc) => doc.stage));
    expect(byKey(result, 1)).toEqual(tally(docs, (doc) => doc.stage, (doc) => doc.amount ?? 0));
    const total = docs.reduce((sum, doc) => sum + (doc.amount ?? 0), 0);
    expect(result.totals[1].value).toBe(total);
    expect(result.totals[0].value).toBe(COUNT);
  });

  it('counts a record under each option of a multi-select, and its empty ones once', async () => {
    const result = await query({ query: { entity: key, measures: [{ fn: 'count' }], dimensions: [{ field: 'tags' }] } });
    const expected = tally(docs, (doc) => (doc.tags && doc.tags.length > 0 ? doc.tags : ''));
    expect(byKey(result)).toEqual({ ...Object.fromEntries(TAGS.map((tag) => [tag, 0])), ...expected });
  });

  it('splits yes/no (empty counts as no, like the list filter) and shows people and records by name', async () => {
    const hot = await query({ query: { entity: key, measures: [{ fn: 'count' }], dimensions: [{ field: 'hot' }] } });
    expect(byKey(hot)).toEqual({ true: docs.filter((doc) => doc.hot === true).length, false: docs.filter((doc) => doc.hot !== true).length });
    expect(hot.dimensions[0].values.map((value) => value.label)).toEqual(['Yes', 'No']);

    const rep = await query({ query: { entity: key, measures: [{ fn: 'sum', field: 'amount' }], dimensions: [{ field: 'rep' }] } });
    expect(byKey(rep)).toEqual(tally(docs, (doc) => doc.rep, (doc) => doc.amount ?? 0));
    for (const value of rep.dimensions[0].values) if (value.key) expect(value.label).toBe(reps.find((candidate) => candidate.id === value.key)!.name);

    const customer = await query({ query: { entity: key, measures: [{ fn: 'count' }], dimensions: [{ field: 'customer' }] } });
    expect(byKey(customer)).toEqual(tally(docs, (doc) => doc.customer));
    for (const value of customer.dimensions[0].values) {
      if (value.key) expect(value.label).toBe(customers.find((candidate) => candidate.id === value.key)!.name);
      expect(value.label).not.toMatch(/^[0-9a-f]{24}$/);
    }
    const owner = await query({ query: { entity: key, measures: [{ fn: 'count' }], dimensions: [{ field: 'ownerId' }] } });
    expect(byKey(owner)).toEqual(tally(docs, (doc) => doc._ownerId));
  });

  it('groups text by value, largest first, and keeps the top N with everything else as "Other"', async () => {
    const region = await query({ query: { entity: key, measures: [{ fn: 'count' }], dimensions: [{ field: 'region' }] } });
    expect(byKey(region)).toEqual(tally(docs, (doc) => doc.region));
    const counts = region.rows.map((row) => row.cells[0].value as number);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    const top = await query({ query: { entity: key, measures: [{ fn: 'sum', field: 'amount' }], dimensions: [{ field: 'customer', top: 5 }] } });
    const sums = Object.entries(tally(docs, (doc) => doc.customer, (doc) => doc.amount ?? 0)).sort((a, b) => b[1] - a[1]);
    expect(top.dimensions[0].values.map((value) => value.key)).toEqual([...sums.slice(0, 5).map(([id]) => id), '\u0000other']);
    expect(top.dimensions[0].values[5].label).toBe('Other');
    expect(top.rows[5].cells[0].value).toBe(sums.slice(5).reduce((sum, [, value]) => sum + value, 0));
  });

  it('buckets dates by month in order with empty months as zero, and moments by Monday weeks in Shanghai time', async () => {
    const months = await query({
      query: { entity: key, measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }], dimensions: [{ field: 'day', bucket: 'month' }], dateRange: { field: 'day', from: '2024-11-15', to: '2027-02-10' } },
    });
    const keys = months.dimensions[0].values.map((value) => value.key);
    expect(keys[0]).toBe('2024-11');
    expect(keys.at(-1)).toBe('2027-02');
    expect(keys).toEqual([...keys].sort());
    expect(keys).toHaveLength(28);
    const expected = tally(docs.filter((doc) => doc.day), (doc) => doc.day!.slice(0, 7));
    for (const [at, month] of keys.entries()) expect(months.rows[at].cells[0].value, month).toBe(expected[month] ?? 0);
    expect(byKey(months, 1)['2024-12']).toBe(0);
    expect(months.dimensions[0].values[0].drill).toEqual([{ field: 'day', op: 'between', value: ['2024-11-15', '2024-11-30'] }]);

    const weeks = await query({ query: { entity: key, measures: [{ fn: 'count' }], dimensions: [{ field: 'at', bucket: 'week' }] } });
    const byWeek = tally(docs.filter((doc) => doc.at), (doc) => bucketKey(dayIn(new Date(doc.at!), 'Asia/Shanghai'), 'week'));
    const got = byKey(weeks);
    for (const [week, count] of Object.entries(byWeek)) expect(got[week], week).toBe(count);
    expect(Object.values(got).reduce((sum, value) => Number(sum) + Number(value), 0)).toBe(docs.filter((doc) => doc.at).length);
    expect(weeks.dimensions[0].values.every((value) => new Date(`${value.key}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
  });

  it('averages, minimums, maximums, distinct counts and ratios per group', async () => {
    const result = await query({
      query: {
        entity: key,
        measures: [
          { fn: 'avg', field: 'amount' },
          { fn: 'min', field: 'qty' },
          { fn: 'max', field: 'score' },
          { fn: 'distinct', field: 'customer' },
          { fn: 'ratio', of: { fn: 'count', filter: { match: 'all', conditions: [{ field: 'hot', op: 'isTrue' }] } }, per: { fn: 'count' } },
        ],
        dimensions: [{ field: 'stage' }],
      },
    });
    for (const [at, value] of result.dimensions[0].values.entries()) {
      const group = docs.filter((doc) => (doc.stage ?? '') === value.key);
      const amounts = group.flatMap((doc) => (doc.amount === undefined ? [] : [doc.amount]));
      const cells = result.rows[at].cells;
      expect(cells[0].value, `avg ${value.key}`).toBeCloseTo(amounts.reduce((a, b) => a + b, 0) / amounts.length, 6);
      expect(cells[1].value, `min ${value.key}`).toBe(Math.min(...group.flatMap((doc) => (doc.qty === undefined ? [] : [doc.qty]))));
      expect(cells[2].value, `max ${value.key}`).toBe(Math.max(...group.flatMap((doc) => (doc.score === undefined ? [] : [doc.score]))));
      expect(cells[3].value, `distinct ${value.key}`).toBe(new Set(group.flatMap((doc) => (doc.customer ? [doc.customer] : []))).size);
      expect(cells[4].value, `ratio ${value.key}`).toBeCloseTo(group.filter((doc) => doc.hot === true).length / group.length, 12);
    }
    expect(result.totals[1].value).toBe(Math.min(...docs.flatMap((doc) => (doc.qty === undefined ? [] : [doc.qty]))));
    expect(result.totals[3].value).toBe(new Set(docs.flatMap((doc) => (doc.customer ? [doc.customer] : []))).size);
  });

  it('crosses two dimensions (pivot) and applies the widget filter and "only my records"', async () => {
    const result = await query({
      query: {
        entity: key,
        measures: [{ fn: 'sum', field: 'amount' }],
        dimensions: [{ field: 'day', bucket: 'quarter' }, { field: 'stage' }],
        filter: { match: 'any', conditions: [{ field: 'hot', op: 'isTrue' }, { field: 'region', op: 'eq', value: 'north' }] },
        onlyMine: true,
      },
    });
    const chosen = docs.filter((doc) => doc._ownerId === adminId && (doc.hot === true || doc.region === 'north') && doc.day);
    const expected = tally(chosen, (doc) => `${bucketKey(doc.day!, 'quarter')}|${doc.stage ?? ''}`, (doc) => doc.amount ?? 0);
    for (const row of result.rows) {
      const cellKey = `${result.dimensions[0].values[row.at[0]].key}|${result.dimensions[1].values[row.at[1]].key}`;
      expect(row.cells[0].value, cellKey).toBe(expected[cellKey] ?? 0);
    }
    expect(result.drill.groups).toEqual([{ match: 'any', conditions: [{ field: 'hot', op: 'isTrue' }, { field: 'region', op: 'eq', value: 'north' }] }]);
  });
});

describe('drill-down', () => {
  it('lists exactly the records a bar counted', async () => {
    const result = await query({ query: { entity: key, measures: [{ fn: 'count' }], dimensions: [{ field: 'day', bucket: 'month' }, { field: 'stage' }], filter: { match: 'all', conditions: [{ field: 'tags', op: 'anyOf', value: ['x'] }] } } });
    const bar = result.rows.find((row) => result.dimensions[0].values[row.at[0]].key === '2025-06' && result.dimensions[1].values[row.at[1]].key === 'won')!;
    const drill = { match: 'all', conditions: [...result.drill.conditions, ...result.dimensions[0].values[bar.at[0]].drill, ...result.dimensions[1].values[bar.at[1]].drill] };
    const listed: string[] = [];
    for (let page = 1; ; page++) {
      const response = await admin.get(`/api/records/${key}?pageSize=200&page=${page}&filter=${encodeURIComponent(JSON.stringify(drill))}`);
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(bar.cells[0].value);
      listed.push(...response.body.items.map((item: { id: string }) => item.id));
      if (response.body.items.length < 200) break;
    }
    const expected = docs.filter((doc) => doc.tags?.includes('x') && doc.day?.startsWith('2025-06') && doc.stage === 'won').map((doc) => doc._id.toHexString());
    expect(listed.sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(0);
  });

  it('lists the "Other" and the empty group too', async () => {
    const result = await query({ query: { entity: key, measures: [{ fn: 'count' }], dimensions: [{ field: 'region', top: 3 }] } });
    for (const value of result.dimensions[0].values.filter((candidate) => candidate.key === '\u0000other' || candidate.key === '')) {
      const filter = encodeURIComponent(JSON.stringify({ match: 'all', conditions: [...result.drill.conditions, ...value.drill] }));
      const response = await admin.get(`/api/records/${key}?pageSize=1&filter=${filter}`);
      expect(response.body.total, value.label).toBe(result.rows[result.dimensions[0].values.indexOf(value)].cells[0].value);
    }
  });
});

describe('the dashboards HTTP API', () => {
  const widget = { id: 'by-stage', kind: 'bar', title: label('By stage', '按阶段'), layout: { x: 0, y: 0, w: 6, h: 6 }, query: { entity: key, measures: [{ fn: 'sum', field: 'amount' }], dimensions: [{ field: 'stage' }] } };

  it('creates, reads, replaces, duplicates and deletes a dashboard', async () => {
    const created = await admin.post('/api/dashboards', { key: `${key}-a`, title: label('Deals', '交易'), widgets: [widget], filters: [{ id: 'period', kind: 'date', label: label('Period'), fields: { [key]: 'day' }, defaultPreset: 'thisYear' }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.version).toBe(1);
    const data = await admin.get(`/api/dashboards/${key}-a/widgets/by-stage?filters=${encodeURIComponent(JSON.stringify({ period: { from: '2025-01-01', to: '2025-12-31' } }))}`);
    expect(data.status).toBe(200);
    expect(data.body.result.range).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(data.body.result.totals[0].value).toBe(docs.filter((doc) => doc.day?.startsWith('2025')).reduce((sum, doc) => sum + (doc.amount ?? 0), 0));
    const replaced = await admin.put(`/api/dashboards/${key}-a`, { ...created.body, title: label('Renamed') }, { 'if-match': '1' });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.version).toBe(2);
    expect((await admin.put(`/api/dashboards/${key}-a`, { ...created.body }, { 'if-match': '1' })).status).toBe(409);
    const copy = await admin.post(`/api/dashboards/${key}-a/duplicate`, { key: `${key}-b`, title: label('Copy') });
    expect(copy.status).toBe(201);
    expect(copy.body.widgets).toEqual(replaced.body.widgets);
    const csv = await admin.raw('GET', `/api/dashboards/${key}-b/widgets/by-stage/export?format=csv`);
    expect(csv.status).toBe(200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, so Excel reads UTF-8
    const lines = new TextDecoder().decode(bytes).split('\r\n');
    expect(lines[0]).toBe('Stage,Sum of Amount');
    // The dashboard's period filter defaults to this year (in Shanghai).
    const year = dayIn(new Date(), 'Asia/Shanghai').slice(0, 4);
    const won = docs.filter((doc) => doc.stage === 'won' && doc.day?.startsWith(year)).reduce((sum, doc) => sum + (doc.amount ?? 0), 0);
    expect(lines).toContain(`WON,${Math.floor(won / 100)}.${String(won % 100).padStart(2, '0')}`);
    const xlsx = await admin.raw('GET', `/api/dashboards/${key}-b/widgets/by-stage/export?format=xlsx`);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect((await admin.delete(`/api/dashboards/${key}-b`)).status).toBe(200);
    expect((await admin.get(`/api/dashboards/${key}-b`)).status).toBe(404);
    expect((await staff.post('/api/dashboards', { title: label('Mine'), widgets: [] })).status).toBe(403);
  });

  it('answers a wrong setting with a 400 that names it, in the caller language, and stores nothing', async () => {
    const bad = await admin.post('/api/dashboards', { key: `${key}-bad`, title: label('Bad'), widgets: [{ ...widget, query: { ...widget.query, aggregate: 'sum' } }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_setting');
    expect(bad.body.error.fields).toHaveProperty(['widgets[0].query.aggregate']);
    expect(bad.body.error.message).toContain('widgets[0].query.aggregate');
    const zh = admin.withLocale('zh-CN');
    const wrongField = await zh.post('/api/dashboards', { key: `${key}-bad`, title: label('Bad'), widgets: [{ ...widget, query: { ...widget.query, measures: [{ fn: 'sum', field: 'stage' }] } }] });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.message).toBe('设置 widgets[0].query.measures[0].fn 无效：“sum”不适用于字段“stage”');
    const noField = await admin.post('/api/dashboards/query', { query: { entity: key, measures: [{ fn: 'count' }], dimensions: [{ field: 'nope' }] } });
    expect(noField.body.error.fields).toHaveProperty(['query.dimensions[0].field']);
    const injected = await admin.post('/api/dashboards/query', { query: { entity: key, measures: [{ fn: 'count' }], filter: { match: 'all', conditions: [{ field: 'stage', op: 'anyOf', value: [{ $ne: null }] }] } } });
    expect(injected.status).toBe(400);
    expect((await admin.get(`/api/dashboards/${key}-bad`)).status).toBe(404);
  });
});
