import { AppError, badRequest } from '@/lib/errors/app-error';
import type { BulkResult } from '@/lib/views/view.types';
import { findActiveUser } from '@/lib/users/user.service';
import { requireAction } from '@/lib/permissions/guards';
import { deleteRecord, purgeRecord, restoreRecord, transferRecord, updateRecord, type WriteContext } from '@/lib/records/record.service';

const MAX_BULK = 500;

export interface BulkRequest {
  action: 'update' | 'delete' | 'restore' | 'purge' | 'transfer';
  ids: string[];
  data?: Record<string, unknown>;
  /** The new owner, for "transfer". */
  ownerId?: string;
}

/**
 * Applies one change to many records, each through the same validated write as a single
 * edit; a record that fails is reported with its reason and the others still go through.
 */
export async function bulkWrite(entity: string, request: BulkRequest, ctx: WriteContext): Promise<BulkResult> {
  const ids = Array.isArray(request.ids) ? [...new Set(request.ids.filter((id) => typeof id === 'string'))] : [];
  if (ids.length === 0 || ids.length > MAX_BULK) throw badRequest(`send 1 to ${MAX_BULK} record ids`);
  const data = request.data;
  if (request.action === 'update' && (typeof data !== 'object' || data === null || Array.isArray(data) || Object.keys(data).length === 0)) {
    throw badRequest('a bulk update needs the fields to change in "data"');
  }
  if (request.action === 'transfer' && (typeof request.ownerId !== 'string' || !(await findActiveUser(request.ownerId)))) {
    throw badRequest('a transfer needs "ownerId", an active user');
  }
  const one: Record<BulkRequest['action'], (id: string) => Promise<unknown>> = {
    update: (id) => updateRecord(entity, id, data!, ctx, 'merge'),
    delete: (id) => deleteRecord(entity, id, ctx),
    restore: (id) => restoreRecord(entity, id, ctx),
    purge: (id) => purgeRecord(entity, id, ctx),
    transfer: (id) => transferRecord(entity, id, request.ownerId!, ctx),
  };
  if (typeof request.action !== 'string' || !Object.hasOwn(one, request.action)) throw badRequest('action must be update, delete, restore, purge or transfer');
  // Refused whole when the actor may do it to no record; record by record otherwise (lib/permissions).
  requireAction(ctx.actor, entity, request.action === 'update' || request.action === 'transfer' ? 'update' : 'delete');
  const result: BulkResult = { succeeded: [], failed: [] };
  for (const id of ids) {
    try {
      await one[request.action](id);
      result.succeeded.push(id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      result.failed.push({ id, message: ctx.t(error.messageKey, error.params), fields: error.fields });
    }
  }
  return result;
}
