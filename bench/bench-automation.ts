/**
 * Automation benchmarks (part "automation" of bench/run.ts):
 *   1. record created → automation effect: 8 clients create records through the HTTP API; each
 *      create starts a workflow whose step creates another record. The latency of one is from the
 *      moment its client sent the create to the moment the effect record was stored. Target: p95 ≤ 1 s.
 *   2. BENCH_REMINDERS (10,000) date reminders falling due at once: records whose date is three
 *      days ahead, inserted raw, and a reminder workflow "3 days before, at a time just past"
 *      published; from publishing to the last notification stored. Target: all within 60 s.
 *   3. the worker's memory before, at its peak during the reminders, and after them: it must
 *      come back down (flat), not grow with the work done.
 */
import { ObjectId } from 'mongodb';
import { DateTime } from 'luxon';
import { collection, recordCollection } from '@/lib/db/collections';
import { saveEntity } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { RecordDoc } from '@/lib/records/record.types';
import type { ApiClient } from '../tests/support/http';
import type { MemorySampler } from './memory-sampler';
import type { ResultRow } from './results-table';
import { pool, progress } from './timing';

const label = (en: string) => ({ 'zh-CN': en, en });

export interface AutomationBenchOptions {
  api: ApiClient;
  userId: string;
  rows: ResultRow[];
  details: Record<string, unknown>;
  worker: MemorySampler;
  creates: number;
  reminders: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function publish(api: ApiClient, definition: Record<string, unknown>): Promise<void> {
  const answer = await api.post('/api/workflows', { definition: { ...definition, version: 1 } });
  if (answer.status !== 201) throw new Error(`workflow ${String(definition.key)} not published: ${JSON.stringify(answer.body)}`);
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function automationBench(options: AutomationBenchOptions): Promise<void> {
  const { api, userId, rows, details, worker } = options;
  const suffix = Date.now().toString(36);
  const SOURCE = `bench_auto_src_${suffix}`;
  const EFFECT = `bench_auto_log_${suffix}`;
  const DEAL = `bench_auto_deal_${suffix}`;
  const entity = (key: string, fields: EntityDefinition['fields']): EntityDefinition => ({ key, version: 1, label: label(key), displayField: fields[0].key, fields, listView: { columns: [fields[0].key], sort: [], pageSize: 20 } });
  await saveEntity(entity(SOURCE, [{ key: 'name', type: 'text', required: true, label: label('Name') }]));
  await saveEntity(entity(EFFECT, [{ key: 'text', type: 'text', required: true, label: label('Text') }, { key: 'source', type: 'text', label: label('Source') }]));
  await saveEntity(entity(DEAL, [{ key: 'name', type: 'text', required: true, label: label('Name') }, { key: 'closeOn', type: 'date', label: label('Close on') }]));

  // 1. Record created → effect, with 8 clients.
  progress(`automation: ${options.creates} creates by 8 clients, each starting a workflow`);
  await publish(api, { key: `bench-effect-${suffix}`, name: label('Effect'), enabled: true, trigger: { event: 'created', entity: SOURCE }, actions: [{ id: 'log', type: 'create_record', entity: EFFECT, values: { text: 'made for {{name}}', source: '{{id}}' } }] });
  await new Promise((resolve) => setTimeout(resolve, 3500)); // the web process's definition cache
  const sent = new Map<string, number>();
  let failures = 0;
  await pool(options.creates, 8, async (index) => {
    const started = Date.now();
    const answer = await api.post(`/api/records/${SOURCE}`, { name: `bench ${index}` });
    if (answer.status !== 201) {
      failures++;
      return `HTTP ${answer.status}`;
    }
    sent.set(answer.body.id, started);
    return true;
  });
  const effects = await recordCollection(EFFECT);
  await until(async () => (await effects.countDocuments({})) >= sent.size, 'every effect', 120_000);
  const made = (await effects.find({}, { projection: { source: 1, _createdAt: 1 } }).toArray()) as (RecordDoc & { source: string })[];
  const latencies = made.map((doc) => doc._createdAt.getTime() - (sent.get(doc.source) ?? doc._createdAt.getTime()));
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  details.automationLatency = { creates: options.creates, failures, p50, p95, max: Math.max(...latencies) };
  rows.push({
    measure: `record created → workflow effect stored, 8 clients, ${options.creates} creates (p50 ${p50} ms)`,
    salesflow: { value: p95, unit: 'ms p95', note: `${failures} errors` },
    target: { text: 'p95 ≤ 1,000 ms', met: p95 <= 1000 && failures === 0 },
  });

  // 2. Many date reminders due at once.
  progress(`automation: ${options.reminders} date reminders due at once`);
  const zone = 'Asia/Shanghai';
  const now = DateTime.now().setZone(zone);
  const time = now.minus({ minutes: 1 });
  const closeOn = DateTime.fromISO(time.toISODate()!, { zone }).plus({ days: 3 }).toISODate()!;
  const deals = await recordCollection(DEAL);
  const at = new Date();
  for (let start = 0; start < options.reminders; start += 1000) {
    const batch: RecordDoc[] = [];
    for (let i = start; i < Math.min(options.reminders, start + 1000); i++) {
      batch.push({ _id: new ObjectId(), name: `deal ${i}`, closeOn, _ownerId: userId, _createdAt: at, _createdBy: userId, _updatedAt: at, _updatedBy: userId, _version: 1 });
    }
    await deals.insertMany(batch, { ordered: false });
  }
  const workerBefore = worker.sample();
  worker.enter('reminders');
  const key = `bench-remind-${suffix}`;
  const notifications = await collection('notifications');
  const published = Date.now();
  await publish(api, {
    key,
    name: label('Closes soon'),
    enabled: true,
    trigger: { event: 'date', entity: DEAL, field: 'closeOn', offsetDays: -3, time: time.toFormat('HH:mm'), timezone: zone },
    actions: [{ id: 'tell', type: 'notify', recipients: [{ type: 'owner' }], title: 'Closes soon: {{name}}' }],
  });
  const runs = await collection('workflowRuns');
  await until(async () => (await runs.countDocuments({ workflowKey: key, status: 'succeeded' })) >= options.reminders, `${options.reminders} reminder runs`, 600_000);
  const seconds = (Date.now() - published) / 1000;
  const delivered = await notifications.countDocuments({ 'source.workflowKey': key });
  worker.enter('after reminders');
  // Let the worker settle, then see whether its memory came back.
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const workerAfter = worker.sample();
  const peak = worker.peakByPhase.reminders ?? workerAfter;
  details.reminders = { count: options.reminders, seconds, delivered, workerBeforeMb: workerBefore, workerPeakMb: peak, workerAfterMb: workerAfter };
  rows.push({
    measure: `${options.reminders.toLocaleString('en-US')} date reminders due at once → all notified`,
    salesflow: { value: seconds, unit: 's', note: `${delivered.toLocaleString('en-US')} notifications, ${Math.round(options.reminders / seconds)} runs/s` },
    target: { text: '≤ 60 s', met: seconds <= 60 && delivered === options.reminders },
  });
  rows.push({
    measure: 'worker memory: before → peak → 10 s after the reminders',
    salesflow: { value: workerAfter, unit: 'MB after', note: `${workerBefore} MB before, ${peak} MB peak` },
    target: { text: 'flat: after − before < 64 MB', met: workerAfter - workerBefore < 64 },
  });
}
