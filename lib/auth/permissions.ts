import { forbidden } from '@/lib/http/errors';
import type { Actor } from '@/lib/users/user.types';
import type { RecordDoc } from '@/lib/records/record.types';

export type RecordAction = 'read' | 'create' | 'update' | 'delete';

/** The actor automations write as. */
export const AUTOMATION_ACTOR: Actor = { id: 'automation', email: '', name: 'Automation', role: 'admin' };

/**
 * Admins and managers may do anything with records; staff read and create everything but
 * change only records they own and delete none.
 */
export function canOnRecord(actor: Actor, action: RecordAction, record?: Pick<RecordDoc, '_ownerId'>): boolean {
  if (actor.role === 'admin' || actor.role === 'manager') return true;
  if (action === 'read' || action === 'create') return true;
  if (action === 'update') return record?._ownerId === actor.id;
  return false;
}

export function assertCanOnRecord(actor: Actor, action: RecordAction, record?: Pick<RecordDoc, '_ownerId'>): void {
  if (!canOnRecord(actor, action, record)) throw forbidden();
}
