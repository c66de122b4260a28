/**
 * The import benchmark: a generated CSV (BENCH_IMPORT_ROWS, 100,000 rows, and a 1,000-row
 * one) imported into a contact entity with ten fields, including a relation to 1,000
 * companies (resolved by name) and de-duplication on the unique email, end to end through
 * the HTTP API and the worker (upload → run → done); then raw insertMany of the very
 * documents the import stored, into a scratch collection with the same indexes. The web and
 * worker processes' memory is sampled every 200 ms during each import.
 */
import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { config } from '@/lib/config';
import { recordCollection } from '@/lib/db/collections';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { RecordDoc } from '@/lib/records/record.types';
import type { ApiClient } from '../tests/support/http';
import { insertInBatches, scratchLike, storedRecord } from './bench-records';
import type { MemorySampler } from './memory-sampler';
import { rateRatio, type ResultRow } from './results-table';
import { progress, timed } from './timing';

const IMPORT_TARGET = 1 / 3;
const MEMORY_GROWTH_TARGET_MB = 100;
const COMPANIES = 1000;
const COMPANY = 'bench_import_company';
const CONTACT = 'bench_import_contact';
const label = (en: string, zh: string) => ({ 'zh-CN': zh, en });
const count = (n: number) => n.toLocaleString('en-US');

const companyDef: EntityDefinition = {
  key: COMPANY,
  version: 0,
  label: label('Bench company', '基准公司'),
  displayField: 'name',
  fields: [{ key: 'name', type: 'text', label: label('Name', '名称'), required: true }],
  listView: { columns: ['name'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};

/** Ten fields: text, unique email (the de-duplication rule), phone, relation, money, date, number, select, text, long text. */
const contactDef: EntityDefinition = {
  key: CONTACT,
  version: 0,
  label: label('Bench contact', '基准联系人'),
  displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: label('Name', '姓名'), required: true },
    { key: 'email', type: 'email', label: label('Email', '邮箱'), unique: true },
    { key: 'phone', type: 'phone', label: label('Phone', '电话') },
    { key: 'company', type: 'relation', label: label('Company', '公司'), relation: { entity: COMPANY } },
    { key: 'amount', type: 'money', label: label('Amount', '金额'), currency: 'CNY' },
    { key: 'signedOn', type: 'date', label: label('Signed on', '签约日期') },
    { key: 'score', type: 'number', label: label('Score', '评分') },
    { key: 'level', type: 'select', label: label('Level', '级别'), options: [{ value: 'high', label: label('High', '高') }, { value: 'low', label: label('Low', '低') }] },
    { key: 'city', type: 'text', label: label('City', '城市') },
    { key: 'notes', type: 'textarea', label: label('Notes', '备注') },
  ],
  listView: { columns: ['name', 'email'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};

const HEADER = ['姓名', '邮箱', '电话', '公司', '金额', '签约日期', '评分', '级别', '城市', '备注'];
const CITIES = ['上海', '北京', '深圳', 'Hangzhou', 'Chengdu'];

function csvRow(i: number, prefix: string): string {
  const cells = [
    `Contact ${i} 联系人`,
    `${prefix}${i}@bench.example`,
    `138 ${String(i).padStart(8, '0')}`,
    `Bench company ${i % COMPANIES}`,
    `"¥${(1000 + (i % 9000)).toLocaleString('en-US')}.${String(i % 100).padStart(2, '0')}"`,
    `2026/${1 + (i % 12)}/${1 + (i % 28)}`,
    String(i % 1000),
    i % 3 === 0 ? '高' : 'Low',
    CITIES[i % CITIES.length],
    i % 2 === 0 ? `Imported by the benchmark, row ${i}` : '',
  ];
  return `${cells.join(',')}\n`;
}

async function writeCsv(path: string, rows: number, prefix: string): Promise<number> {
  const out = createWriteStream(path);
  out.write(`\ufeff${HEADER.join(',')}\n`);
  for (let i = 0; i < rows; i++) if (!out.write(csvRow(i, prefix))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return (await stat(path)).size;
}

async function publish(api: ApiClient, def: EntityDefinition): Promise<void> {
  const draft = await api.put(`/api/entities/${def.key}/draft`, def);
  if (draft.status !== 200) throw new Error(`draft ${def.key}: ${JSON.stringify(draft.body)}`);
  const published = await api.post(`/api/entities/${def.key}/publish`, { confirm: true });
  if (published.status !== 200) throw new Error(`publish ${def.key}: ${JSON.stringify(published.body)}`);
}

interface ImportOutcome {
  ms: number;
  counts: Record<string, number>;
  importId: string;
}

/** Upload → run → done, through the API; returns the wall time and the counts. */
async function importFile(api: ApiClient, path: string, fileName: string): Promise<ImportOutcome> {
  const [outcome, ms] = await timed(async () => {
    const form = new FormData();
    form.append('file', await openAsBlob(path), fileName);
    const response = await api.raw('POST', `/api/imports/${CONTACT}`, form);
    const uploaded = (await response.json()) as { id: string; mapping: (string | null)[] };
    if (response.status !== 201) throw new Error(`upload: HTTP ${response.status} ${JSON.stringify(uploaded)}`);
    if (uploaded.mapping.some((key) => !key)) throw new Error(`unexpected mapping ${JSON.stringify(uploaded.mapping)}`);
    const run = await api.post(`/api/imports/${uploaded.id}/run`, {});
    if (run.status !== 202) throw new Error(`run: HTTP ${run.status} ${JSON.stringify(run.body)}`);
    let last = -1;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const { body } = await api.get(`/api/imports/${uploaded.id}`);
      if (body.status === 'done') return { counts: body.counts, importId: uploaded.id };
      if (body.status === 'failed') throw new Error(`import failed: ${body.error}`);
      if (body.progress.processed - last >= 20_000) {
        last = body.progress.processed;
        progress(`  ${count(body.progress.processed)} of ${body.progress.total === null ? '?' : count(body.progress.total)} rows`);
      }
    }
  });
  return { ...outcome, ms };
}

export async function importBench(ctx: {
  api: ApiClient;
  userId: string;
  rows: ResultRow[];
  details: Record<string, unknown>;
  web: MemorySampler;
  worker: MemorySampler;
  importRows: number;
}): Promise<void> {
  const { api, rows, web, worker } = ctx;
  progress(`import: publishing the bench entities and seeding ${count(COMPANIES)} companies`);
  await publish(api, companyDef);
  await publish(api, contactDef);
  const companies = await recordCollection(COMPANY);
  if ((await companies.countDocuments({})) < COMPANIES) await insertInBatches(companies, COMPANIES, (i) => storedRecord({ name: `Bench company ${i}` }, ctx.userId));
  const dir = join(config.dataDir, 'bench-import');
  await mkdir(dir, { recursive: true });
  const smallPath = join(dir, 'contacts-1000.csv');
  const largePath = join(dir, `contacts-${ctx.importRows}.csv`);
  // Emails unique to this run, so a second run against the same database creates again.
  const tag = Date.now().toString(36);
  await writeCsv(smallPath, 1000, `${tag}s`);
  const bytes = await writeCsv(largePath, ctx.importRows, `${tag}l`);
  progress(`import: files written (${(bytes / 1024 / 1024).toFixed(1)} MB for ${count(ctx.importRows)} rows)`);

  const results: Record<string, unknown> = {};
  for (const [name, path, n] of [['1k', smallPath, 1000], ['large', largePath, ctx.importRows]] as const) {
    progress(`import: ${count(n)}-row CSV, upload → run → done`);
    web.enter(`import ${name}`);
    worker.enter(`import ${name}`);
    const outcome = await importFile(api, path, `contacts-${n}.csv`);
    web.sample();
    worker.sample();
    const rate = (n / outcome.ms) * 1000;
    progress(`  done in ${(outcome.ms / 1000).toFixed(1)} s: ${Math.round(rate)} rows/s, ${JSON.stringify(outcome.counts)}`);
    results[name] = { rows: n, ...outcome, rowsPerSecond: rate };
  }
  web.enter('after import');
  worker.enter('after import');

  // The same documents, as the import stored them, with raw insertMany (500 a batch, like the import).
  const large = results.large as ImportOutcome & { rowsPerSecond: number; rows: number };
  const stored = await recordCollection(CONTACT);
  const scratch = await scratchLike(stored, 'bench_raw_import_contact');
  progress(`import: raw insertMany of the ${count(large.rows)} stored documents`);
  let rawMs = 0;
  let inserted = 0;
  let batch: RecordDoc[] = [];
  const flush = async () => {
    const [, ms] = await timed(() => scratch.insertMany(batch));
    rawMs += ms;
    inserted += batch.length;
    batch = [];
  };
  for await (const doc of stored.find({ _importId: large.importId } as never)) {
    batch.push(doc);
    if (batch.length === 500) await flush();
  }
  if (batch.length > 0) await flush();
  const rawRate = (inserted / rawMs) * 1000;
  await scratch.drop().catch(() => undefined);

  const ratio = large.rowsPerSecond / rawRate;
  const smallResult = results['1k'] as ImportOutcome & { rowsPerSecond: number };
  rows.push({ measure: `import 1,000-row CSV (upload → run → done)`, salesflow: { value: smallResult.rowsPerSecond, unit: 'rows/s', note: `${(smallResult.ms / 1000).toFixed(1)} s, ${JSON.stringify(smallResult.counts)}` } });
  rows.push({
    measure: `import ${count(large.rows)}-row CSV (10 fields, relation, dedupe on email)`,
    salesflow: { value: large.rowsPerSecond, unit: 'rows/s', note: `${(large.ms / 1000).toFixed(1)} s, created ${count(large.counts.created)}, failed ${large.counts.failed}` },
    raw: { value: rawRate, unit: 'rows/s', note: `insertMany 500 a batch, ${(rawMs / 1000).toFixed(1)} s` },
    ratio: rateRatio(large.rowsPerSecond, rawRate),
    target: { text: `≥ 33 %`, met: ratio >= IMPORT_TARGET && large.counts.created === large.rows },
  });
  for (const [name, sampler] of [['web', web], ['worker', worker]] as const) {
    if (!sampler.enabled) continue;
    const smallPeak = sampler.peakByPhase['import 1k'] ?? 0;
    const largePeak = sampler.peakByPhase['import large'] ?? 0;
    rows.push({ measure: `${name} process memory, peak during the 1,000-row import`, salesflow: { value: smallPeak, unit: 'MB' } });
    rows.push({
      measure: `${name} process memory, peak during the ${count(large.rows)}-row import`,
      salesflow: { value: largePeak, unit: 'MB', note: `+${largePeak - smallPeak} MB` },
      target: { text: `≤ +${MEMORY_GROWTH_TARGET_MB} MB`, met: largePeak - smallPeak <= MEMORY_GROWTH_TARGET_MB },
    });
  }
  ctx.details.import = { ...results, raw: { rows: inserted, ms: rawMs, rowsPerSecond: rawRate }, webPeakByPhase: web.peakByPhase, workerPeakByPhase: worker.peakByPhase };
  await rm(dir, { recursive: true, force: true });
}
