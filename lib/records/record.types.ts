import type { ObjectId } from 'mongodb';

/**
 * A stored record: the entity's fields at the top level (so the database can filter and
 * index them directly) beside system fields, which all start with "_".
 */
export interface RecordDoc {
  _id: ObjectId;
  _ownerId: string;
  _createdAt: Date;
  _createdBy: string;
  _updatedAt: Date;
  _updatedBy: string;
  _version: number;
  [field: string]: unknown;
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
  data: Record<string, unknown>;
  /** The value of the entity's display field: what links and pickers show. */
  display: string;
  /** Display names of the records and users this record points to. */
  refs?: Record<string, string>;
}

export interface AuditEntryDoc {
  _id: ObjectId;
  entity: string;
  recordId: string;
  action: 'create' | 'update' | 'delete';
  actorId: string;
  at: Date;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export type RecordEvent = 'created' | 'updated' | 'deleted';
