import type { ObjectId } from 'mongodb';

export interface ApiTokenDoc {
  _id: ObjectId;
  userId: ObjectId;
  name: string;
  /** sha256 of the token; the token itself is shown once and never stored. */
  tokenHash: string;
  /** The first characters, so people can tell their tokens apart. */
  prefix: string;
  /** Only reads (lists, records, exports): no change of anything. */
  readOnly?: boolean;
  /** Only these entities (absent: every entity its user may use). */
  entities?: string[] | null;
  createdAt: Date;
  createdBy: ObjectId;
  /** From this moment on it authenticates nothing (absent: until revoked). */
  expiresAt?: Date | null;
  /**
   * Set once, by revocation, and never written otherwise: the embedded database applies an
   * update by rewriting the document, so any other write racing with a revocation could undo it.
   */
  revokedAt: Date | null;
}

/** When a token was last used, kept apart from the token for the reason above. */
export interface ApiTokenUsageDoc {
  _id: ObjectId;
  lastUsedAt: Date;
}
