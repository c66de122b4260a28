import { collection } from '@/lib/db/collections';
import { AUTOMATION_ACTOR } from '@/lib/permissions/actor';
import { AppError } from '@/lib/errors/app-error';
import type { Actor } from '@/lib/users/user.types';

/**
 * A record held still while something decides about it (an approval). People cannot change or
 * delete it; automations can (the approval writes its outcome). An admin may override, and each
 * override is kept on the lock and in the record's history.
 */
export interface RecordLockDoc {
  /** entity:recordId */
  _id: string;
  entity: string;
  recordId: string;
  /** What holds the lock, e.g. { kind: 'approval', id }. */
  holder: { kind: 'approval'; id: string };
  lockedAt: Date;
  overrides: { actorId: string; at: Date; action: 'update' | 'delete' | 'transfer' }[];
}

export const lockId = (entity: string, recordId: string) => `${entity}:${recordId}`;

export async function findRecordLock(entity: string, recordId: string): Promise<RecordLockDoc | null> {
  return (await collection('recordLocks')).findOne({ _id: lockId(entity, recordId) });
}

/** Locks a record for a holder; a lock the same holder already has is kept (a retried step). */
export async function lockRecord(entity: string, recordId: string, holder: RecordLockDoc['holder']): Promise<void> {
  const locks = await collection('recordLocks');
  const _id = lockId(entity, recordId);
  const existing = await locks.findOne({ _id });
  if (existing) {
    if (existing.holder.id === holder.id) return;
    // Another holder's lock: the newer decision takes over (its holder was withdrawn or ended without unlocking).
    await locks.replaceOne({ _id }, { ...existing, holder, lockedAt: new Date() });
    return;
  }
  await locks.insertOne({ _id, entity, recordId, holder, lockedAt: new Date(), overrides: [] }).catch(async (error: unknown) => {
    if ((error as { code?: number }).code !== 11000) throw error;
  });
}

/** Releases a lock if this holder has it; answers the overrides it saw. */
export async function unlockRecord(entity: string, recordId: string, holderId: string): Promise<RecordLockDoc['overrides']> {
  const locks = await collection('recordLocks');
  const lock = await locks.findOne({ _id: lockId(entity, recordId) });
  if (!lock || lock.holder.id !== holderId) return [];
  await locks.deleteOne({ _id: lock._id });
  return lock.overrides;
}

export const recordLocked = () => new AppError('conflict', 'record_locked', 'approvals.locked');

/**
 * The write sequence's lock check. Automations pass; people are refused while a lock is held,
 * except an admin who asked to override, which is then recorded on the lock.
 */
export async function checkRecordLock(entity: string, recordId: string, actor: Actor, action: RecordLockDoc['overrides'][number]['action'], override: boolean | undefined): Promise<{ overridden: boolean }> {
  if (actor.id === AUTOMATION_ACTOR.id) return { overridden: false };
  const lock = await findRecordLock(entity, recordId);
  if (!lock) return { overridden: false };
  if (!override || !actor.access.admin) throw recordLocked();
  await (await collection('recordLocks')).updateOne({ _id: lock._id }, { $push: { overrides: { actorId: actor.id, at: new Date(), action } } });
  return { overridden: true };
}
