import { ObjectId } from 'mongodb';
import { collection, recordCollection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { groupInsert } from '@/lib/db/group-insert';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldDefinition } from '@/lib/fields/field.types';
import { autoNumberPeriod, formatAutoNumber } from '@/lib/fields/types/autonumber';
import { redis, redisKey } from '@/lib/redis';

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

async function nextNumber(entity: string, field: FieldDefinition, recordId: string, at: Date): Promise<string> {
  const settings = field.autonumber!;
  const period = autoNumberPeriod(settings, at);
  const key = redisKey('autonumber', entity, field.key, period || 'all');
  const claims = await collection('autoNumbers');
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const counter = await redis().incr(key);
    const _id = `${entity}|${field.key}|${period}|${counter}`;
    try {
      // Shares its write with the other inserts of the moment (one writer at a time).
      await groupInsert(claims, { _id, entity, field: field.key, period, counter, recordId, at });
      return formatAutoNumber(settings, period, counter);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Redis restarted behind the database: catch up with what was handed out.
      await redis().eval(RAISE_TO, 1, key, String(await highestClaimed(entity, field.key, period)));
    }
  }
  throw new Error(`could not give ${entity}.${field.key} a number`);
}

/**
 * Numbers a record that is already stored. Numbering after the insert is what makes the
 * sequence gap-free: a create refused by validation or uniqueness never takes a number.
 * A rare crash between the insert and here leaves the record without a number, not a gap.
 */
export async function assignAutoNumbers(def: EntityDefinition, recordId: ObjectId, at: Date): Promise<Record<string, string>> {
  const fields = def.fields.filter((field) => field.type === 'autonumber' && field.autonumber);
  if (fields.length === 0) return {};
  const numbers: Record<string, string> = {};
  for (const field of fields) numbers[field.key] = await nextNumber(def.key, field, recordId.toHexString(), at);
  await (await recordCollection(def.key)).updateOne({ _id: recordId }, { $set: numbers });
  return numbers;
}
