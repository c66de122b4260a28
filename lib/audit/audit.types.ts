import type { ObjectId } from 'mongodb';

/** What the audit log records: who did what to what, when and from where. */
export const AUDIT_ACTIONS = [
  'signin.succeeded',
  'signin.failed',
  'signin.throttled',
  'session.ended',
  'session.endedEverywhere',
  'password.changed',
  'user.created',
  'user.updated',
  'role.saved',
  'role.deleted',
  'department.saved',
  'department.deleted',
  'token.issued',
  'token.revoked',
  'records.exported',
  'records.transferred',
  'import.created',
  'import.started',
  'import.undone',
  'template.installed',
  'template.upgraded',
  'template.uninstalled',
  'publicForm.saved',
  'publicForm.linkChanged',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEventDoc {
  _id: ObjectId;
  at: Date;
  action: AuditAction;
  /** Who: a user id, or null for a sign-in by someone not (yet) known. */
  actorId: string | null;
  actorName: string;
  /** From where: the client's address and browser. */
  address: string | null;
  userAgent: string | null;
  /** What it was done to. */
  target?: { kind: string; id: string; name?: string };
  /** The change itself: fields before and after, counts, the email a failed sign-in named. */
  details?: Record<string, unknown>;
}

export interface AuditEventView extends Omit<AuditEventDoc, '_id' | 'at'> {
  id: string;
  at: string;
}
