import { forbidden, notFound } from '@/lib/errors/app-error';
import type { RecordDoc } from '@/lib/records/record.types';
import type { RecordAction } from '@/lib/permissions/permission.types';
import type { Actor } from '@/lib/users/user.types';

/** Refuses (403) an action the actor's roles grant on no record of the entity. */
export function requireAction(actor: Actor, entity: string, action: RecordAction): void {
  if (!actor.access.can(entity, action)) throw forbidden();
}

/**
 * Refuses an action on one stored record: a record outside the actor's read scope is
 * answered as if it did not exist (404, so its existence is not given away); one they may
 * read but not change this way is a 403.
 */
export function requireRecord(actor: Actor, entity: string, action: RecordAction, record: Pick<RecordDoc, '_ownerId'> & { _departmentId?: unknown }): void {
  requireAction(actor, entity, action === 'export' ? 'read' : action);
  if (!actor.access.allows(entity, 'read', record)) throw notFound();
  if (action !== 'read' && !actor.access.allows(entity, action, record)) throw forbidden();
}

/** Deleting records for good (from the recycle bin) is for admins. */
export function requirePurge(actor: Actor, entity: string): void {
  if (!actor.access.admin || !actor.access.can(entity, 'delete')) throw forbidden();
}
