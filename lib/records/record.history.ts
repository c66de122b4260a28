import type { ObjectId } from 'mongodb';
import { collection } from '@/lib/db/collections';
import { isDuplicateKeyError } from '@/lib/db/errors';
import { groupInsert, insertManyOutcomes } from '@/lib/db/group-insert';
import type { AuditAction, AuditEntryDoc } from '@/lib/records/record.types';

/**
 * History entries, built in one place. An entry's id is entity:record:version, so of two
 * writes that start from the same version only one can write it: the entry is also the
 * record's lock, at no extra cost.
 */
export function historyId(entity: string, recordId: ObjectId | string, version: number): string {
  return `${entity}:${typeof recordId === 'string' ? recordId : recordId.toHexString()}:${version}`;
}

export interface HistoryFacts {
  entity: string;
  recordId: ObjectId;
  version: number;
  action: AuditAction;
  actorId: string;
  at: Date;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export function historyEntry({ entity, recordId, version, action, actorId, at, before, after }: HistoryFacts): AuditEntryDoc {
  return { _id: historyId(entity, recordId, version), entity, recordId: recordId.toHexString(), version, action, actorId, at, before, after };
}

/** Another write took this version first. */
export class VersionTaken extends Error {
  constructor(readonly entryId: string) {
    super(`version ${entryId} is taken`);
  }
}

/** Writes one entry; VersionTaken when its version is written already. */
export async function claimHistoryEntry(entry: AuditEntryDoc): Promise<void> {
  try {
    await groupInsert(await collection('auditLog'), entry);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new VersionTaken(entry._id);
    throw error;
  }
}

/** Writes entries that may already be there (a repeated batch, a recovered create): those are left as they are. */
export async function ensureHistoryEntries(entries: AuditEntryDoc[]): Promise<void> {
  const outcomes = await insertManyOutcomes(await collection('auditLog'), entries);
  const failure = outcomes.find((outcome) => outcome.kind === 'failed' && !isDuplicateKeyError(outcome.error));
  if (failure?.kind === 'failed') throw failure.error;
}

export async function releaseHistoryEntry(id: string): Promise<void> {
  await (await collection('auditLog')).deleteOne({ _id: id });
}

export async function findHistoryEntry(id: string): Promise<AuditEntryDoc | null> {
  return (await collection('auditLog')).findOne({ _id: id });
}
