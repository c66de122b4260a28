/**
 * The export phase of the benchmark: the seeded tasks streamed as CSV and XLSX through
 * GET /api/records/task/export, read as they arrive (never held whole), beside the raw
 * driver reading the same documents with a cursor. Measures rows per second and the web
 * process's peak memory while a ~1,000-row and the 100,000-row files stream: the target is
 * that the large file costs no more than 100 MB over the small one.
 * Runs after the list phase, or alone (after seeding) with BENCH_ONLY=export.
 */
import type { Collection, Filter, Sort } from 'mongodb';
import type { RecordDoc } from '@/lib/records/record.types';
import type { ApiClient } from '../tests/support/http';
import type { MemorySampler } from './memory-sampler';
import { rateRatio, type ResultRow } from './results-table';
import { progress, timed } from './timing';

const MEMORY_OVER_SMALL_MB = 100;
const count = (n: number) => n.toLocaleString('en-US');

export interface ExportBenchContext {
  api: ApiClient;
  tasks: Collection<RecordDoc>;
  memory: MemorySampler;
  rows: ResultRow[];
  details: Record<string, unknown>;
}

interface ExportCase {
  name: string;
  format: 'csv' | 'xlsx';
  /** The list parameters, and the same selection for the raw driver. */
  params: string;
  filter: Filter<RecordDoc>;
  sort: Sort;
}

const COLUMNS = 'title,customer,assignee,dueDate,priority,status,completedAt,notes';
const live = { _deletedAt: { $exists: false } };

/** Downloads an export and reads it chunk by chunk; counts bytes and (for CSV) lines. */
async function streamDownload(api: ApiClient, path: string): Promise<{ bytes: number; lines: number; status: number }> {
  const response = await api.raw('GET', path);
  if (response.status !== 200 || !response.body) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (let i = 0; i < chunk.byteLength; i++) if (chunk[i] === 10) lines++;
  }
  return { bytes, lines, status: response.status };
}

/** The same documents through a raw cursor, a batch at a time. */
async function rawRead(tasks: Collection<RecordDoc>, filter: Filter<RecordDoc>, sort: Sort): Promise<number> {
  let n = 0;
  for await (const _doc of tasks.find(filter).sort(sort).batchSize(500)) n++;
  return n;
}

async function runCase(ctx: ExportBenchContext, exportCase: ExportCase, expected: number, raw?: { rows: number; ms: number }): Promise<{ peakMb: number; rate: number }> {
  const phase = `export ${exportCase.name}`;
  progress(`${phase}: streaming ${count(expected)} rows`);
  ctx.memory.enter(phase);
  const before = ctx.memory.sample();
  const [file, ms] = await timed(() => streamDownload(ctx.api, `/api/records/task/export?format=${exportCase.format}&columns=${COLUMNS}&${exportCase.params}`));
  ctx.memory.sample();
  const peakMb = ctx.memory.peakByPhase[phase] ?? 0;
  const rate = (expected / ms) * 1000;
  const rowsOk = exportCase.format === 'xlsx' || file.lines === expected + 1;
  progress(`  ${count(file.bytes)} bytes in ${(ms / 1000).toFixed(1)} s, web RSS ${before} → peak ${peakMb} MB${rowsOk ? '' : `, ${file.lines - 1} LINES`}`);
  ctx.rows.push({
    measure: `export ${exportCase.name}`,
    salesflow: { value: rate, unit: 'rows/s', note: `${(ms / 1000).toFixed(1)} s, ${(file.bytes / 1e6).toFixed(1)} MB, web peak ${peakMb} MB${rowsOk ? '' : ', ROW COUNT DIFFERS'}` },
    ...(raw ? { raw: { value: (raw.rows / raw.ms) * 1000, unit: 'rows/s', note: 'cursor read' }, ratio: rateRatio(rate, (raw.rows / raw.ms) * 1000) } : {}),
  });
  return { peakMb, rate };
}

export async function benchExport(ctx: ExportBenchContext): Promise<void> {
  const sort: Sort = { dueDate: 1, _id: 1 };
  // One week of due dates: about 1,000 of 100,000 tasks (due dates spread over two years).
  const weekParam = encodeURIComponent(JSON.stringify({ match: 'all', conditions: [{ field: 'dueDate', op: 'between', value: ['2026-03-01', '2026-03-07'] }] }));
  const weekFilter: Filter<RecordDoc> = { ...live, dueDate: { $gte: '2026-03-01', $lte: '2026-03-07' } };
  const week = await ctx.tasks.countDocuments(weekFilter);
  const all = await ctx.tasks.countDocuments(live);
  const allParams = `sort=dueDate:asc&filter=${encodeURIComponent(JSON.stringify({ match: 'all', conditions: [] }))}`;

  progress(`export: raw cursor read of ${count(all)} tasks`);
  const [rawRows, rawMs] = await timed(() => rawRead(ctx.tasks, live, sort));
  const small = await runCase(ctx, { name: `CSV, ${count(week)} tasks (one week)`, format: 'csv', params: `sort=dueDate:asc&filter=${weekParam}`, filter: weekFilter, sort }, week);
  const csv = await runCase(ctx, { name: `CSV, ${count(all)} tasks`, format: 'csv', params: allParams, filter: live, sort }, all, { rows: rawRows, ms: rawMs });
  const xlsx = await runCase(ctx, { name: `XLSX, ${count(all)} tasks`, format: 'xlsx', params: allParams, filter: live, sort }, all, { rows: rawRows, ms: rawMs });
  const growth = Math.max(csv.peakMb, xlsx.peakMb) - small.peakMb;
  if (ctx.memory.enabled) {
    ctx.rows.push({
      measure: `export web memory, ${count(all)} rows over ${count(week)}`,
      salesflow: { value: growth, unit: 'MB', note: `peaks ${small.peakMb} / ${csv.peakMb} / ${xlsx.peakMb} MB` },
      target: { text: `≤ ${MEMORY_OVER_SMALL_MB} MB`, met: growth <= MEMORY_OVER_SMALL_MB },
    });
  }
  ctx.details.export = { rows: all, smallRows: week, raw: { rows: rawRows, ms: rawMs }, small, csv, xlsx, memoryGrowthMb: growth };
}
