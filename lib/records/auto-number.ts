import type { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { groupInsert } from '@/lib/db/group-insert';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { autoNumberPeriod, formatAutoNumber } from '@/lib/fields/types/autonumber';
import { logger } from '@/lib/logger';
import { counterRedis, readyRedis, redisKey } from '@/lib/redis';

/**
 * The database's record that a number was given: its _id (entity|field|period|counter) is
 * unique, so two processes can never hand out the same number even if the Redis counter
 * were lost or behind.
 */
export interface AutoNumberDoc {
  _id: string;
  entity: string;
  field: string;
  period: string;
  counter: number;
  recordId: string;
  at: Date;
}

// Raises the counter to at least the given value, atomically.
const RAISE_TO = `local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return 1`;

async function highestClaimed(entity: string, field: string, period: string): Promise<number> {
  const [top] = await (await collection('autoNumbers')).find({ entity, field, period }).sort({ counter: -1 }).limit(1).toArray();
  return top?.counter ?? 0;
}

/**
 * The next counter to try: Redis's INCR when Redis answers, else the database's highest
 * claim plus one. Redis is only the fast path: the claim's unique id decides, so a Redis
 * that is away (or restarted behind) slows numbering down but never stops or repeats it.
 */
async function nextCounter(key: string, entity: string, field: string, period: string): Promise<number> {
  try {
    return await (await readyRedis(500)).incr(key);
  } catch (error) {
    logger.warn({ err: (error as Error).message, entity, field }, 'Redis unavailable; numbering from the database');
    return (await highestClaimed(entity, field, period)) + 1;
  }
}

async function nextNumber(entity: string, field: FieldDefinition, recordId: string, at: Date): Promise<string> {
  const settings = field.autonumber!;
  const period = autoNumberPeriod(settings, at);
  const key = redisKey('autonumber', entity, field.key, period || 'all');
  const claims = await collection('autoNumbers');
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const counter = await nextCounter(key, entity, field.key, period);
    const _id = `${entity}|${field.key}|${period}|${counter}`;
    try {
      // Shares its write with the other inserts of the moment (one writer at a time).
      await groupInsert(claims, { _id, entity, field: field.key, period, counter, recordId, at });
      return formatAutoNumber(settings, period, counter);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Redis restarted behind the database (or another process took it): catch up with what was handed out.
      const highest = await highestClaimed(entity, field.key, period);
      await counterRedis()
        .eval(RAISE_TO, 1, key, String(highest))
        .catch(() => undefined);
    }
  }
  throw new Error(`could not give ${entity}.${field.key} a number`);
}

/** The number a record was given already, found by its claim (a create completed after a crash). */
async function claimedNumber(entity: string, field: FieldDefinition, recordId: string): Promise<string | null> {
  const claim = await (await collection('autoNumbers')).findOne({ entity, field: field.key, recordId });
  return claim ? formatAutoNumber(field.autonumber!, claim.period, claim.counter) : null;
}

/**
 * Numbers a record that is already stored. Numbering after the insert is what makes the
 * sequence gap-free: a create refused by validation or uniqueness never takes a number.
 * Fields that have a number keep it. `recovering` (a create finished after a crash or
 * retried) first looks for a number claimed for the record before it was set on it, so a
 * record never gets two.
 */
export async function assignAutoNumbers(
  def: EntityDefinition,
  record: { _id: ObjectId; _createdAt: Date } & Record<string, unknown>,
  { recovering = false } = {},
): Promise<Record<string, string>> {
  const fields = def.fields.filter((field) => field.type === 'autonumber' && field.autonumber && !record[field.key]);
  if (fields.length === 0) return {};
  const recordId = record._id.toHexString();
  const numbers: Record<string, string> = {};
  for (const field of fields) {
    numbers[field.key] = (recovering ? await claimedNumber(def.key, field, recordId) : null) ?? (await nextNumber(def.key, field, recordId, record._createdAt));
  }
  await (await recordCollection(def.key)).updateOne({ _id: record._id }, { $set: numbers });
  return numbers;
}
