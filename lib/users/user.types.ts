import type { ObjectId } from 'mongodb';
import type { Access } from '@/lib/permissions/access';

export interface UserDoc {
  _id: ObjectId;
  email: string;
  name: string;
  /** Keys of the roles the user holds (lib/permissions): their rights add up. */
  roles: string[];
  /** The department the user belongs to; the records they own carry it. */
  departmentId: string | null;
  passwordHash: string;
  active: boolean;
  /**
   * Counts the events that end every session of the user (a password change, "sign out
   * everywhere", deactivation, reactivation): a session cookie names the version it was
   * signed in under and stops working once it differs.
   */
  sessionVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Who a person is, as a sign-in finds them. */
export interface Identity {
  id: string;
  email: string;
  name: string;
}

/** What the rest of the app knows about the person (or automation) making a request. */
export interface Actor extends Identity {
  roles: string[];
  departmentId: string | null;
  /** How the request was authenticated: a session cookie, an API token, a background job, an automation, or a visitor's public form (lib/permissions/public-form-access.ts). */
  via: 'session' | 'token' | 'job' | 'automation' | 'publicForm';
  /** What they may do (lib/permissions/access.ts), compiled once. */
  access: Access;
}

export type PublicUser = Omit<UserDoc, 'passwordHash' | '_id' | 'sessionVersion'> & { id: string };

export function toPublicUser(user: UserDoc): PublicUser {
  const { passwordHash: _hash, _id, sessionVersion: _version, ...rest } = user;
  return { id: _id.toHexString(), ...rest, roles: rest.roles ?? [], departmentId: rest.departmentId ?? null };
}
