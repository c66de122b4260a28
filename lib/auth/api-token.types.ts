import type { ObjectId } from 'mongodb';

export interface ApiTokenDoc {
  _id: ObjectId;
  userId: ObjectId;
  name: string;
  /** sha256 of the token; the token itself is shown once and never stored. */
  tokenHash: string;
  /** The first characters, so people can tell their tokens apart. */
  prefix: string;
  createdAt: Date;
  createdBy: ObjectId;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}
