/**
 * The dashboard phase of the benchmark: BENCH_DASHBOARD_ORDERS (100,000) sales orders in their
 * stored form over two years, a six-widget sales dashboard saved through the API (which builds
 * its indexes), then each widget's data through GET /api/dashboards/:key/widgets/:id beside the
 * same database queries sent by the raw driver (the pipelines and finds the widget ran, in
 * parallel as the widget runs them), and the whole page painted in Chromium.
 * Targets: each widget ≤ 300 ms, API/raw ≤ 1.3×, the page painted within 1.5 s.
 * Runs with the others, or alone: BENCH_ONLY=dashboards.
 */
import { existsSync } from 'node:fs';
import type { Collection, Document, Filter } from 'mongodb';
import { recordCollection } from '@/lib/db/collections';
import { dashboardWidgetData } from '@/lib/dashboards/dashboard.service';
import type { WidgetDefinition } from '@/lib/dashboards/dashboard.types';
import type { QueryLog } from '@/lib/dashboards/query-run';
import { addMonths, bucketDays, bucketKey, dayIn } from '@/lib/dashboards/time-buckets';
import { translator } from '@/lib/i18n/messages';
import type { RecordDoc } from '@/lib/records/record.types';
import type { Actor } from '@/lib/users/user.types';
import { ADMIN, signIn, type ApiClient } from '../tests/support/http';
import { insertInBatches, storedRecord } from './bench-records';
import { timeRatio, type ResultRow } from './results-table';
import { median, progress, timed } from './timing';

const WIDGET_TARGET_MS = 300;
const RATIO_TARGET = 1.3;
const PAGE_TARGET_MS = 1500;
const DASHBOARD = 'bench-sales';
const STATUSES = ['draft', 'confirmed', 'shipped', 'paid', 'cancelled'];
const count = (n: number) => n.toLocaleString('en-US');

export interface DashboardBenchContext {
  api: ApiClient;
  actor: Actor;
  customerIds: string[];
  orders: number;
  runs: number;
  rows: ResultRow[];
  details: Record<string, unknown>;
}

/** A number in [0, 1) that depends only on (i, salt). */
function unit(i: number, salt: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 7, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

/** Order i: a day in the last two years, a status, one of five owners, a customer, a total in fen (and what was paid). */
function orderValues(i: number, owners: string[], customerIds: string[], firstDay: number): Record<string, unknown> {
  const orderDate = new Date(firstDay + Math.floor(unit(i, 1) * 730) * 86_400_000).toISOString().slice(0, 10);
  const status = STATUSES[Math.floor(unit(i, 2) * STATUSES.length)];
  const total = 10_000 + Math.floor(unit(i, 3) * 5_000_000);
  return {
    orderNo: `BENCH-${String(i).padStart(7, '0')}`,
    customer: customerIds[Math.floor(unit(i, 4) * customerIds.length)],
    orderDate,
    month: orderDate.slice(0, 7),
    owner: owners[Math.floor(unit(i, 5) * owners.length)],
    status,
    subtotal: total,
    total,
    ...(status === 'paid' ? { received: total } : status === 'shipped' ? { received: Math.floor(total / 2) } : {}),
  };
}

const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const booked = { match: 'all' as const, conditions: [{ field: 'status', op: 'anyOf' as const, value: ['confirmed', 'shipped', 'paid'] }] };

/** Six widgets a sales manager looks at every morning. */
const WIDGETS: WidgetDefinition[] = [
  { id: 'revenue', kind: 'kpi', title: label('成交金额', 'Revenue booked'), layout: { x: 0, y: 0, w: 4, h: 3 }, query: { entity: 'order', filter: booked, measures: [{ fn: 'sum', field: 'total' }] }, options: { compare: true } },
  {
    id: 'by-month',
    kind: 'line',
    title: label('每月下单与回款', 'Ordered vs paid by month'),
    layout: { x: 4, y: 0, w: 8, h: 7 },
    query: { entity: 'order', filter: booked, measures: [{ fn: 'sum', field: 'total' }, { fn: 'sum', field: 'received' }], dimensions: [{ field: 'orderDate', bucket: 'month' }] },
  },
  { id: 'by-status', kind: 'pie', title: label('订单状态', 'Orders by status'), layout: { x: 0, y: 3, w: 4, h: 7 }, query: { entity: 'order', measures: [{ fn: 'count' }], dimensions: [{ field: 'status' }] } },
  { id: 'top-customers', kind: 'ranking', title: label('客户排行', 'Top customers'), layout: { x: 0, y: 10, w: 4, h: 8 }, query: { entity: 'order', filter: booked, measures: [{ fn: 'sum', field: 'total' }], dimensions: [{ field: 'customer', top: 10, other: false }] } },
  { id: 'by-quarter-status', kind: 'bar', title: label('各季度订单', 'Orders by quarter and status'), layout: { x: 4, y: 7, w: 8, h: 7 }, query: { entity: 'order', measures: [{ fn: 'count' }], dimensions: [{ field: 'orderDate', bucket: 'quarter' }, { field: 'status' }] }, options: { stacked: true } },
  { id: 'by-owner', kind: 'table', title: label('负责人业绩', 'By owner'), layout: { x: 4, y: 14, w: 8, h: 6 }, query: { entity: 'order', filter: booked, measures: [{ fn: 'count' }, { fn: 'sum', field: 'total' }, { fn: 'avg', field: 'total' }], dimensions: [{ field: 'owner' }] }, options: { totals: true } },
];

/** The same database work a widget did, through the raw driver: its queries in parallel (as it runs them, at most six at once). */
async function replay(records: Collection<RecordDoc>, log: QueryLog): Promise<number> {
  const [, ms] = await timed(async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(6, log.length) }, async () => {
        while (next < log.length) {
          const entry = log[next++];
          if (entry.kind === 'aggregate') await records.aggregate(entry.pipeline as Document[]).toArray();
          else await records.find(entry.filter as Filter<RecordDoc>).sort(entry.sort as never).limit(1).toArray();
        }
      }),
    );
  });
  return ms;
}

async function pagePaint(widgetCount: number): Promise<{ ms: number[] } | { skipped: string }> {
  if (!existsSync('/usr/bin/chromium')) return { skipped: 'no Chromium at /usr/bin/chromium' };
  const { chromium } = await import('@playwright/test');
  const { cookie } = await signIn(ADMIN.email, ADMIN.password);
  const base = process.env.SALESFLOW_BASE_URL ?? 'http://127.0.0.1:3100';
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await context.addCookies((cookie ?? '').split('; ').filter(Boolean).map((pair) => ({ name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1), url: base })));
    const page = await context.newPage();
    const ms: number[] = [];
    for (let run = 0; run < 4; run++) {
      const started = Date.now();
      await page.goto(`${base}/dashboards/${DASHBOARD}`);
      await page.waitForFunction((n) => document.querySelectorAll('[data-state="ready"]').length >= n, widgetCount, { timeout: 60_000 });
      // The first load compiles the page's routes: not counted.
      if (run > 0) ms.push(Date.now() - started);
    }
    return { ms };
  } finally {
    await browser.close();
  }
}

export async function dashboardBench(ctx: DashboardBenchContext): Promise<void> {
  const orders = await recordCollection('order');
  // Five owners: the admin and four sales people (made once).
  const listed = async () => (await ctx.api.get<{ items: { id: string; email: string }[] }>('/api/users')).body.items;
  for (let n = (await listed()).filter((user) => user.email.endsWith('@bench.example')).length; n < 4; n++) {
    await ctx.api.post('/api/users', { email: `sales${n + 1}@bench.example`, name: `Sales ${n + 1} 销售`, role: 'staff', password: `bench-sales-${n + 1}-password` });
  }
  const owners = [ctx.actor.id, ...(await listed()).filter((user) => user.email.endsWith('@bench.example')).map((user) => user.id)].slice(0, 5);
  const today = dayIn(new Date(), 'Asia/Shanghai');
  const firstDay = Date.parse(`${addMonths(bucketDays(bucketKey(today, 'month'), 'month').from, -23)}T00:00:00Z`);
  progress(`seeding ${count(ctx.orders)} sales orders over two years (insertMany)`);
  const seedMs = await insertInBatches(orders, ctx.orders, (i) => storedRecord(orderValues(i, owners, ctx.customerIds, firstDay), ctx.actor.id, new Date(firstDay + i)));
  progress(`  seeded in ${(seedMs / 1000).toFixed(1)} s; saving the six-widget dashboard (its indexes are built now)`);
  await ctx.api.delete(`/api/dashboards/${DASHBOARD}`);
  const [saved, saveMs] = await timed(() =>
    ctx.api.post('/api/dashboards', {
      key: DASHBOARD,
      title: label('基准销售看板', 'Benchmark sales'),
      widgets: WIDGETS,
      filters: [{ id: 'period', kind: 'date', label: label('期间', 'Period'), fields: { order: 'orderDate' }, defaultPreset: 'last12Months' }],
    }),
  );
  if (saved.status !== 201) throw new Error(`dashboard not saved: ${JSON.stringify(saved.body)}`);
  ctx.rows.push({ measure: `save a six-widget dashboard (builds its indexes over ${count(ctx.orders)} orders)`, salesflow: { value: saveMs, unit: 'ms' } });

  const t = translator('en');
  const results: Record<string, unknown>[] = [];
  for (const widget of WIDGETS) {
    const { log } = await dashboardWidgetData(DASHBOARD, widget.id, { actor: ctx.actor, locale: 'en', t, values: {}, onlyMine: false });
    const apiMs: number[] = [];
    const rawMs: number[] = [];
    const serverMs: number[] = [];
    let queries = 0;
    for (let run = 0; run < ctx.runs; run++) {
      const [response, ms] = await timed(() => ctx.api.get<{ result: { stats: { ms: number; queries: number } } }>(`/api/dashboards/${DASHBOARD}/widgets/${widget.id}`));
      if (response.status !== 200) throw new Error(`widget ${widget.id}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
      apiMs.push(ms);
      serverMs.push(response.body.result.stats.ms);
      queries = response.body.result.stats.queries;
      rawMs.push(await replay(orders, log));
    }
    const api = median(apiMs);
    const raw = median(rawMs);
    progress(`  ${widget.id}: API ${Math.round(api)} ms (database work ${Math.round(median(serverMs))} ms, ${queries} queries), raw ${Math.round(raw)} ms`);
    ctx.rows.push({
      measure: `dashboard widget ${widget.id} (${widget.kind}, ${queries} quer${queries === 1 ? 'y' : 'ies'})`,
      salesflow: { value: api, unit: 'ms', note: `median of ${ctx.runs}` },
      raw: { value: raw, unit: 'ms', note: 'same queries' },
      ratio: timeRatio(api, raw),
      target: { text: `≤ ${WIDGET_TARGET_MS} ms, ≤ ${RATIO_TARGET}×`, met: api <= WIDGET_TARGET_MS && api / raw <= RATIO_TARGET },
    });
    results.push({ widget: widget.id, kind: widget.kind, queries, apiMs, serverMs, rawMs, pipelines: log.map((entry) => (entry.kind === 'aggregate' ? entry.pipeline : { find: entry.filter, sort: entry.sort })) });
  }
  progress('painting the dashboard page in Chromium');
  const paint = await pagePaint(WIDGETS.length).catch((error: unknown) => ({ skipped: (error as Error).message }));
  if ('ms' in paint) {
    ctx.rows.push({ measure: 'dashboard page painted (six widgets ready)', salesflow: { value: median(paint.ms), unit: 'ms', note: `median of ${paint.ms.length}` }, target: { text: `≤ ${PAGE_TARGET_MS} ms`, met: median(paint.ms) <= PAGE_TARGET_MS } });
  } else progress(`  page paint not measured: ${paint.skipped}`);
  ctx.details.dashboards = { orders: ctx.orders, seedMs, saveMs, widgets: results, paint };
}
