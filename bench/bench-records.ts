/**
 * The records the benchmark writes, in the form the record service stores them
 * (docs/engine-contract.md, "Stored values"): the same values are a valid API body, and with
 * the system fields added, the document a create leaves in the database.
 */
import { ObjectId, type Collection } from 'mongodb';
import { collection } from '@/lib/db/collections';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { formatAutoNumber } from '@/lib/fields/types/autonumber';
import type { RecordDoc } from '@/lib/records/record.types';
import { timed } from './timing';

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

const DAY_MS = 86_400_000;
const TASK_TITLES = ['Call back', 'Send the quote', 'Visit on site', 'Prepare the contract', 'Demo the product', 'Collect payment', 'Follow up 跟进', 'Renewal check'];
/** Matches one title in eight (and no notes): the keyword-search page looks for it. */
export const SEARCH_KEYWORD = 'quote';
const SOURCES = ['website', 'referral', 'exhibition', 'cold_call', 'advertising', 'other'];
const CUSTOMER_STATUSES = ['potential', 'active', 'dormant'];

export interface TaskRefs {
  customerIds: string[];
  userId: string;
}

/**
 * Task i's values. About 60 % are open (so page 1,000 of the open tasks exists at 100,000
 * records), 30 % done (with completedAt, shown only then), 10 % cancelled; 90 % point at a
 * customer, half have notes; due dates spread over two years.
 */
export function taskValues(i: number, refs: TaskRefs): Record<string, unknown> {
  const statusDraw = unit(i, 1);
  const status = statusDraw < 0.6 ? 'open' : statusDraw < 0.9 ? 'done' : 'cancelled';
  const priorityDraw = unit(i, 2);
  const values: Record<string, unknown> = { title: `${TASK_TITLES[i % TASK_TITLES.length]} #${i}` };
  if (unit(i, 3) < 0.9 && refs.customerIds.length > 0) values.customer = refs.customerIds[Math.floor(unit(i, 4) * refs.customerIds.length)];
  values.assignee = refs.userId;
  values.dueDate = new Date(Date.UTC(2026, 0, 1) + Math.floor(unit(i, 5) * 730) * DAY_MS).toISOString().slice(0, 10);
  values.priority = priorityDraw < 0.2 ? 'high' : priorityDraw < 0.8 ? 'normal' : 'low';
  values.status = status;
  if (status === 'done') values.completedAt = new Date(Date.UTC(2025, 0, 1) + Math.floor(unit(i, 6) * 365 * DAY_MS / 1000) * 1000).toISOString();
  if (unit(i, 7) < 0.5) values.notes = `Seeded by the benchmark: agenda, prices and next steps for task ${i}. 备注：下周再联系。`;
  return values;
}

/** Customer i's values (code aside: the server numbers customers). */
export function customerValues(i: number): Record<string, unknown> {
  return {
    name: `Bench customer ${i} 客户`,
    status: CUSTOMER_STATUSES[i % CUSTOMER_STATUSES.length],
    source: SOURCES[i % SOURCES.length],
    phone: `+86 138 ${String(i).padStart(8, '0')}`,
    email: `buyer${i}@bench.example`,
    notes: 'Seeded by the benchmark',
  };
}

/** The document createRecord stores for these values, written by userId at a moment. */
export function storedRecord(values: Record<string, unknown>, userId: string, at = new Date()): RecordDoc {
  return { ...values, _id: new ObjectId(), _ownerId: userId, _createdAt: at, _createdBy: userId, _updatedAt: at, _updatedBy: userId, _version: 1 };
}

/** Inserts count documents with raw insertMany, a batch at a time; returns the time taken. */
export async function insertInBatches(
  records: Collection<RecordDoc>,
  count: number,
  make: (i: number) => RecordDoc,
  onBatch?: (done: number) => void,
  batchSize = 1000,
): Promise<number> {
  const [, ms] = await timed(async () => {
    for (let start = 0; start < count; start += batchSize) {
      const batch = Array.from({ length: Math.min(batchSize, count - start) }, (_, k) => make(start + k));
      await records.insertMany(batch);
      onBatch?.(start + batch.length);
    }
  });
  return ms;
}

/** How the server numbers an entity's records (an auto number without a date part, such as CUS-000001). */
export function recordNumbering(def: EntityDefinition): { field: string; format: (counter: number) => string } {
  const field = def.fields.find((candidate) => candidate.type === 'autonumber' && candidate.autonumber);
  const settings = field?.autonumber;
  if (!field || !settings || settings.dateFormat) throw new Error(`${def.key} should have an auto number without a date part`);
  return { field: field.key, format: (counter) => formatAutoNumber(settings, '', counter) };
}

/**
 * Seeds customers as the service leaves them: numbered after the insert, each number claimed
 * in auto_numbers, so customers created later through the API continue the sequence.
 * Returns their ids.
 */
export async function seedCustomers(def: EntityDefinition, records: Collection<RecordDoc>, count: number, userId: string): Promise<string[]> {
  const numbering = recordNumbering(def);
  const start = Date.now() - count * 60_000;
  const docs = Array.from({ length: count }, (_, i) => ({ ...storedRecord(customerValues(i), userId, new Date(start + i * 60_000)), [numbering.field]: numbering.format(i + 1) }));
  await insertInBatches(records, count, (i) => docs[i]);
  await (await collection('autoNumbers')).insertMany(
    docs.map((doc, i) => ({ _id: `${def.key}|${numbering.field}||${i + 1}`, entity: def.key, field: numbering.field, period: '', counter: i + 1, recordId: doc._id.toHexString(), at: doc._createdAt })),
  );
  return docs.map((doc) => doc._id.toHexString());
}

/** A scratch collection with the same indexes as a record collection, for raw writes to compare with. */
export async function scratchLike(records: Collection<RecordDoc>, name: string): Promise<Collection<RecordDoc>> {
  const scratch = records.db.collection<RecordDoc>(name);
  await scratch.drop().catch(() => undefined);
  for (const index of await records.listIndexes().toArray()) {
    if (index.name !== '_id_') await scratch.createIndex(index.key, { name: index.name });
  }
  return scratch;
}
