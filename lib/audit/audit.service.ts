import { ObjectId, type Filter } from 'mongodb';
import { collection } from '@/lib/db/collections';
import { groupInsert } from '@/lib/db/group-insert';
import { badRequest } from '@/lib/errors/app-error';
import { logger } from '@/lib/logger';
import { AUDIT_ACTIONS, type AuditAction, type AuditEventDoc, type AuditEventView } from '@/lib/audit/audit.types';

/** Where a request came from, as the audit log keeps it. */
export interface RequestOrigin {
  address?: string | null;
  userAgent?: string | null;
}

export interface AuditInput {
  action: AuditAction;
  actor: { id: string; name: string } | null;
  origin?: RequestOrigin;
  target?: AuditEventDoc['target'];
  details?: Record<string, unknown>;
}

/**
 * Records one event. The event is written before the caller answers; a failed write is
 * logged and does not undo what was done (the action happened either way).
 */
export async function audit(input: AuditInput): Promise<void> {
  const doc: AuditEventDoc = {
    _id: new ObjectId(),
    at: new Date(),
    action: input.action,
    actorId: input.actor?.id ?? null,
    actorName: input.actor?.name ?? '',
    address: input.origin?.address ?? null,
    userAgent: input.origin?.userAgent?.slice(0, 300) ?? null,
    ...(input.target ? { target: input.target } : {}),
    ...(input.details ? { details: input.details } : {}),
  };
  try {
    await groupInsert(await collection('auditEvents'), doc);
  } catch (error) {
    logger.error({ err: error, action: input.action }, 'audit event not written');
  }
}

export interface AuditQuery {
  action?: string;
  actorId?: string;
  from?: string;
  to?: string;
  /** Events before this one (the id of the last event of the previous page). */
  before?: string;
  limit?: number;
}

/** Newest first, a page at a time; filters by action (or its group: "signin", "role"…), person and period. */
export async function listAuditEvents(query: AuditQuery): Promise<{ items: AuditEventView[]; next: string | null }> {
  const filter: Filter<AuditEventDoc> = {};
  if (query.action) {
    const actions = AUDIT_ACTIONS.filter((action) => action === query.action || action.startsWith(`${query.action}.`));
    if (actions.length === 0) throw badRequest(`unknown action "${query.action}"`);
    filter.action = actions.length === 1 ? actions[0] : { $in: actions };
  }
  if (query.actorId) filter.actorId = String(query.actorId);
  const at: Record<string, Date> = {};
  for (const [bound, op] of [[query.from, '$gte'], [query.to, '$lte']] as const) {
    if (!bound) continue;
    const date = new Date(bound);
    if (Number.isNaN(date.getTime())) throw badRequest(`"${bound}" is not a date`);
    at[op] = date;
  }
  if (Object.keys(at).length > 0) filter.at = at;
  if (query.before) {
    if (!ObjectId.isValid(query.before)) throw badRequest('before must be an event id');
    filter._id = { $lt: new ObjectId(query.before) };
  }
  const limit = Math.min(Math.max(Number(query.limit) || 50, 1), 200);
  const docs = await (await collection('auditEvents')).find(filter).sort({ _id: -1 }).limit(limit + 1).toArray();
  const items = docs.slice(0, limit).map(({ _id, at: when, ...rest }) => ({ id: _id.toHexString(), at: when.toISOString(), ...rest }));
  return { items, next: docs.length > limit ? items[items.length - 1].id : null };
}
