import type { ObjectId } from 'mongodb';

export const ROLES = ['admin', 'manager', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export interface UserDoc {
  _id: ObjectId;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  active: boolean;
  /** Who approves for this person when an approval asks for "the submitter's manager" (lib/users/user-directory.ts). */
  managerId?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the rest of the app knows about the person making a request. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export type PublicUser = Omit<UserDoc, 'passwordHash' | '_id'> & { id: string };

export function toPublicUser(user: UserDoc): PublicUser {
  const { passwordHash: _hash, _id, ...rest } = user;
  return { id: _id.toHexString(), ...rest };
}
