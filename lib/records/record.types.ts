import type { ObjectId } from 'mongodb';

/**
 * A stored record: the entity's fields at the top level (so the database can filter and
 * index them directly) beside system fields, which all start with "_".
 */
export interface RecordDoc {
  _id: ObjectId;
  _ownerId: string;
  /** The owner's department when the record was given to them (lib/permissions scopes filter by it). */
  _departmentId?: string | null;
  _createdAt: Date;
  _createdBy: string;
  _updatedAt: Date;
  _updatedBy: string;
  _version: number;
  /** Set while the record is in the recycle bin. */
  _deletedAt?: Date;
  _deletedBy?: string;
  [field: string]: unknown;
}

export interface RefItem {
  id: string;
  name: string;
}

/** A record as the HTTP API shows it. */
export interface RecordView {
  id: string;
  ownerId: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  version: number;
  /** In the recycle bin since then. */
  deletedAt?: string;
  data: Record<string, unknown>;
  /** Values of fields the entity no longer has (removed or retyped): kept, shown apart. */
  retired?: Record<string, unknown>;
  /** The value of the entity's display field: what links and pickers show. */
  display: string;
  /**
   * What this record points to, by field key: related records and users with their display
   * names (sub-table columns as "items.product"; the owner as "ownerId").
   */
  refs?: Record<string, RefItem[]>;
  /** What the reader may do with this record (GET of one record only; lib/permissions). */
  can?: { update: boolean; delete: boolean };
  /** What the entity's rules warned about when this write went through (an update only: lib/rules). */
  warnings?: string[];
}

/**
 * One write to a record. Its id is entity:record:version, so two writes that start from the
 * same version cannot both succeed: the entry doubles as the record's optimistic lock.
 */
export interface AuditEntryDoc {
  _id: string;
  entity: string;
  recordId: string;
  version: number;
  action: AuditAction;
  actorId: string;
  at: Date;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export type AuditAction = 'create' | 'update' | 'delete' | 'restore' | 'purge';

export type RecordEvent = 'created' | 'updated' | 'deleted';
