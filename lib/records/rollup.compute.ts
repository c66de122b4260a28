import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { ObjectId, type Document } from 'mongodb';
import { config } from '@/lib/config';
import { recordCollection } from '@/lib/db/collections';
import { listEntities } from '@/lib/entities/entity.service';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition, RollupSettings } from '@/lib/fields/field.types';
import { Decimal } from '@/lib/fields/decimal';
import { logger } from '@/lib/logger';
import type { RecordDoc } from '@/lib/records/record.types';
import { enqueue, type RollupJobData } from '@/lib/jobs/jobs';
import type { RecordWriteEvent } from '@/lib/records/record.events';
import { liveRecords } from '@/lib/records/record.filter';

/** A rollup field and the entity it belongs to. */
export interface RollupTarget {
  entity: string;
  field: FieldDefinition & { rollup: RollupSettings };
}

export function rollupFields(def: EntityDefinition): (FieldDefinition & { rollup: RollupSettings })[] {
  return def.fields.filter((field): field is FieldDefinition & { rollup: RollupSettings } => field.type === 'rollup' && Boolean(field.rollup?.entity));
}

// Which rollups read an entity, from every definition; asked on every write, so cached.
const readers = new LRUCache<'all', Map<string, RollupTarget[]>>({
  max: 1,
  ttl: config.definitionCacheMs,
  fetchMethod: async () => {
    const map = new Map<string, RollupTarget[]>();
    for (const def of await listEntities()) {
      for (const field of rollupFields(def)) {
        const list = map.get(field.rollup.entity) ?? [];
        list.push({ entity: def.key, field });
        map.set(field.rollup.entity, list);
      }
    }
    return map;
  },
});

/** The rollup fields (of any entity) whose source is this entity. */
export async function rollupsReading(sourceEntity: string): Promise<RollupTarget[]> {
  return (await readers.fetch('all'))?.get(sourceEntity) ?? [];
}

/** Drops this process's cached map, so a definition saved here applies to the next write. */
export function forgetRollupReaders(): void {
  readers.clear();
}

/** A system field under its record name: id and ownerId. */
function storedKey(key: string): string {
  return key === 'id' ? '_id' : key === 'ownerId' ? '_ownerId' : key;
}

/** The value of a field (or id / ownerId) of a record as stored. */
export function valueOf(doc: Pick<RecordDoc, '_id' | '_ownerId'> & Record<string, unknown>, key: string): unknown {
  if (key === 'id') return doc._id.toHexString();
  if (key === 'ownerId') return doc._ownerId;
  return doc[key];
}

function matchCondition(sourceKey: string, value: unknown): unknown {
  if (sourceKey === 'id') return typeof value === 'string' && ObjectId.isValid(value) ? new ObjectId(value) : value;
  return value;
}

/**
 * The rollup's value for a target whose match fields hold `targetValues` (target field → value),
 * over the source records not in the recycle bin. A count is counted by the database; a sum,
 * min or max is computed here in exact decimals from the values as stored (the database would
 * add binary floats: 10 × 105,581.94 + 105,581.945 would come out as 1,161,401.3449999997)
 * and rounded once, half up, to the rollup's decimals.
 */
export async function computeRollup(settings: RollupSettings, targetValues: Record<string, unknown>): Promise<number | undefined> {
  const match: Document = liveRecords();
  for (const [sourceKey, targetKey] of Object.entries(settings.match)) {
    const value = targetValues[targetKey];
    if (value === undefined || value === null || value === '') return settings.fn === 'count' || settings.fn === 'sum' ? 0 : undefined;
    match[storedKey(sourceKey)] = matchCondition(sourceKey, value);
  }
  for (const [sourceKey, expected] of Object.entries(settings.where ?? {})) {
    match[storedKey(sourceKey)] = Array.isArray(expected) ? { $in: expected } : expected;
  }
  const records = await recordCollection(settings.entity);
  if (settings.fn === 'count') return records.countDocuments(match);
  const field = settings.field!;
  let result: Decimal | null = null;
  for await (const doc of records.find(match, { projection: { _id: 0, [field]: 1 } })) {
    const value = doc[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const decimal = new Decimal(value);
    if (result === null) result = decimal;
    else if (settings.fn === 'sum') result = result.plus(decimal);
    else if (settings.fn === 'min') result = Decimal.min(result, decimal);
    else result = Decimal.max(result, decimal);
  }
  if (result === null) return settings.fn === 'sum' ? 0 : undefined;
  return result.toDecimalPlaces(settings.precision ?? 2, Decimal.ROUND_HALF_UP).toNumber();
}

/** Every rollup of a record, computed now (undefined: no value). */
export async function computeRollups(def: EntityDefinition, doc: Pick<RecordDoc, '_id' | '_ownerId'> & Record<string, unknown>): Promise<Record<string, number | undefined>> {
  const values: Record<string, number | undefined> = {};
  for (const field of rollupFields(def)) {
    const targetValues = Object.fromEntries(Object.values(field.rollup.match).map((targetKey) => [targetKey, valueOf(doc, targetKey)]));
    values[field.key] = await computeRollup(field.rollup, targetValues);
  }
  return values;
}

/** Whether a write changed a field some rollup of the record matches on. */
export function rollupMatchChanged(def: EntityDefinition, before: Record<string, unknown> | null, after: Record<string, unknown>): boolean {
  if (!before) return true;
  return rollupFields(def).some((field) => Object.values(field.rollup.match).some((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)));
}

/** One job key per target entity and match values: a burst of writes collapses into one job. */
export function rollupJobKey(data: RollupJobData): string {
  const canonical = JSON.stringify(Object.keys(data.match).sort().map((key) => [key, data.match[key]]));
  return `rollup-${data.entity}-${createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;
}

/** The recompute jobs a write to a source record needs: its old and new match values, per target. */
export function recomputesFor(targets: RollupTarget[], docs: (RecordDoc | null | undefined)[]): RollupJobData[] {
  const jobs = new Map<string, RollupJobData>();
  for (const target of targets) {
    for (const doc of docs) {
      if (!doc) continue;
      const match: Record<string, unknown> = {};
      let complete = true;
      for (const [sourceKey, targetKey] of Object.entries(target.field.rollup.match)) {
        const value = valueOf(doc, sourceKey);
        if (value === undefined || value === null || value === '') complete = false;
        match[targetKey] = value;
      }
      if (!complete) continue;
      const job = { entity: target.entity, match };
      jobs.set(rollupJobKey(job), job);
    }
  }
  return [...jobs.values()];
}

/**
 * After a write to a record: queues the recompute of every rollup that reads its entity, for
 * the record's match values before and after. A queue that is away is logged, not fatal.
 */
export async function queueRollupRecomputes(entity: string, before: RecordDoc | null, after: RecordDoc | null): Promise<void> {
  const targets = await rollupsReading(entity);
  if (targets.length === 0) return;
  for (const job of recomputesFor(targets, [before, after])) {
    try {
      await enqueueRollupRecompute(job, rollupJobKey(job));
    } catch (error) {
      logger.warn({ err: error, job }, 'could not queue a rollup recompute');
    }
  }
}

/**
 * Queues a rollup recompute. Jobs with the same key (target entity + match values) collapse:
 * one waiting job covers any number of writes; while one runs, one more is kept to run after
 * it, so a write that lands during a recompute is never missed.
 */
async function enqueueRollupRecompute(data: RollupJobData, key: string): Promise<void> {
  await enqueue('recompute-rollup', data, { deduplication: { id: key, keepLastIfActive: true }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } });
}

/** Rollups subscribe to record events: each write queues the recomputes its old and new values touch. */
export async function rollupsFollowRecordEvent(event: RecordWriteEvent): Promise<void> {
  switch (event.type) {
    case 'created':
      return queueRollupRecomputes(event.entity, null, event.record);
    case 'updated':
      return queueRollupRecomputes(event.entity, event.before, event.record);
    case 'deleted':
    case 'purged':
      return queueRollupRecomputes(event.entity, event.before, null);
    case 'restored':
      return queueRollupRecomputes(event.entity, null, event.record);
  }
}

/** Queues the recompute of a target record itself (its match values), closing the race with a source write during its create. */
export async function queueOwnRollupRecompute(def: EntityDefinition, doc: RecordDoc): Promise<void> {
  const fields = rollupFields(def);
  if (fields.length === 0) return;
  const match: Record<string, unknown> = {};
  for (const field of fields) for (const key of Object.values(field.rollup.match)) match[key] = valueOf(doc, key);
  const job = { entity: def.key, match };
  try {
    await enqueueRollupRecompute(job, rollupJobKey(job));
  } catch (error) {
    logger.warn({ err: error, job }, 'could not queue a rollup recompute');
  }
}
