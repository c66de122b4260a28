import { collection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { groupDelete, groupInsert } from '@/lib/db/group-insert';
import type { RecordDoc } from '@/lib/records/record.types';

/**
 * A create in progress, written before the record: the record as it is to be stored, and
 * what follows it (numbers, history, workflow runs). Once it exists the create will complete
 * — in the request, or by the worker's recovery sweep if the process, the database
 * connection or Redis failed halfway — so a record never stays half-made. Deleted when done.
 */
export interface WriteIntentDoc {
  /** entity:recordId */
  _id: string;
  entity: string;
  kind: 'create';
  doc: RecordDoc;
  actorId: string;
  /** Start the workflows of the "created" event. */
  triggerWorkflows: boolean;
  /** The record has rollups of its own to recompute once stored. */
  ownRollups: boolean;
  at: Date;
  /** Sweeps that tried to complete it and failed. */
  attempts?: number;
}

export function intentId(entity: string, doc: Pick<RecordDoc, '_id'>): string {
  return `${entity}:${doc._id.toHexString()}`;
}

/** Another request is creating the same record right now (an Idempotency-Key sent twice at once). */
export class IntentTaken extends Error {}

export async function recordIntent(intent: WriteIntentDoc): Promise<void> {
  try {
    await groupInsert(await collection('writeIntents'), intent);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new IntentTaken(intent._id);
    throw error;
  }
}

export async function finishIntent(id: string): Promise<void> {
  // In the line of this process's writes, with the other requests' finished intents of the moment.
  await groupDelete(await collection('writeIntents'), id);
}

export async function finishIntents(ids: string[]): Promise<void> {
  if (ids.length > 0) await (await collection('writeIntents')).deleteMany({ _id: { $in: ids } });
}

/** Intents older than the cutoff: their request is taken to have died. */
export async function staleIntents(olderThan: Date, limit = 200): Promise<WriteIntentDoc[]> {
  return (await collection('writeIntents')).find({ at: { $lt: olderThan } }).limit(limit).toArray();
}

export async function countIntents(): Promise<number> {
  return (await collection('writeIntents')).countDocuments({});
}
