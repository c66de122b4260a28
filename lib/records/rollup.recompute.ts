import { ObjectId, type Document } from 'mongodb';
import { recordCollection } from '@/lib/db/collections';
import { getEntity } from '@/lib/entities/entity.service';
import { AppError } from '@/lib/errors/app-error';
import { writeRollupValues } from '@/lib/records/record.service';
import { computeRollups, rollupFields } from '@/lib/records/rollup.compute';
import type { RollupJobData } from '@/lib/jobs/jobs';
import { liveRecords } from '@/lib/records/record.filter';

const MAX_TRIES = 20;

function isConflict(error: unknown): boolean {
  return error instanceof AppError && error.kind === 'conflict';
}

/**
 * Recomputes one record's rollups exactly: read its version, aggregate, write with that version
 * as the lock; when another write came first (409), read and aggregate again.
 */
export async function recomputeRecordRollups(entity: string, id: string): Promise<boolean> {
  const def = await getEntity(entity);
  if (rollupFields(def).length === 0) return false;
  const records = await recordCollection(entity);
  for (let attempt = 1; ; attempt++) {
    const doc = await records.findOne({ _id: new ObjectId(id) });
    if (!doc || doc._deletedAt) return false;
    const values = await computeRollups(def, doc);
    if (Object.entries(values).every(([key, value]) => (doc[key] ?? undefined) === value)) return false;
    try {
      await writeRollupValues(entity, id, values, doc._version);
      return true;
    } catch (error) {
      if (!isConflict(error) || attempt >= MAX_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** The recompute job: every record of the target entity whose match fields hold the job's values. */
export async function recomputeRollupTargets(data: RollupJobData): Promise<number> {
  const filter: Document = liveRecords();
  for (const [key, value] of Object.entries(data.match)) {
    if (key === 'id') {
      if (typeof value !== 'string' || !ObjectId.isValid(value)) return 0;
      filter._id = new ObjectId(value);
    } else filter[key === 'ownerId' ? '_ownerId' : key] = value;
  }
  const targets = await (await recordCollection(data.entity)).find(filter, { projection: { _id: 1 } }).toArray();
  let written = 0;
  for (const target of targets) if (await recomputeRecordRollups(data.entity, target._id.toHexString())) written++;
  return written;
}
