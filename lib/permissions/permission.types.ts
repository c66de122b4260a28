import type { LocalizedText } from '@/lib/i18n/locale';

/**
 * Which records of an entity a grant reaches, from the narrowest to the widest. Each one
 * compiles to one filter on a top-level, indexed system field of the record (_ownerId or
 * _departmentId), so a scoped list costs what an unscoped one does.
 */
export const DATA_SCOPES = ['own', 'subordinates', 'department', 'subdepartments', 'all'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

/** What people do with an entity's records. Entity actions (buttons running workflows) are granted by key beside these. */
export const RECORD_ACTIONS = ['create', 'read', 'update', 'delete', 'export', 'import'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

/** Actions whose scope is the read scope; the others use the write scope. */
export const READ_ACTIONS: readonly RecordAction[] = ['read', 'export'];

/**
 * Areas of the platform beside the records. `organization` covers users, departments, roles
 * and field permissions; `automation` the runs of workflows, entity versions and the records
 * a definition change left invalid; `shareViews` saving list views for everyone; `dashboards`
 * composing, changing and sharing dashboards (everyone opens those shared with their roles).
 */
export const SYSTEM_AREAS = ['organization', 'tokens', 'design', 'templates', 'audit', 'automation', 'shareViews', 'dashboards'] as const;
export type SystemArea = (typeof SYSTEM_AREAS)[number];

/** One role's rights on one entity. */
export interface EntityGrant {
  actions: Partial<Record<RecordAction, boolean>>;
  /** Records that read and export reach. */
  readScope: DataScope;
  /** Records that update, delete, restore, owner transfer and entity actions reach. */
  writeScope: DataScope;
  /** Keys of the entity actions (buttons) the role may run; "*" for all of them. */
  entityActions: string[];
}

/** A field as a role sees it: hidden (never read, filtered, sorted or written) or read-only (read, never written). */
export type FieldRule = 'hidden' | 'readonly';

/** Key of the grant that applies to every entity a role does not name. */
export const ANY_ENTITY = '*';

export interface RoleDefinition {
  /** Stable key (admin, manager, staff, sales_rep…): users and FieldDefinition.visibleTo name roles by it. */
  key: string;
  name: LocalizedText;
  description?: LocalizedText;
  /** Everything, everywhere: every entity, field, scope and system area. */
  admin?: boolean;
  system: SystemArea[];
  /** Grants by entity key; "*" for the entities not named. */
  entities: Record<string, EntityGrant>;
  /** Field rules by entity key, then field key. */
  fields: Record<string, Record<string, FieldRule>>;
  /** Shipped by the platform (admin, manager, staff) or by a template pack: its key cannot change. */
  preset?: boolean;
  template?: string;
}

export interface RoleDoc extends RoleDefinition {
  _id: string;
  updatedAt: Date;
  /** "template" while the role is as its pack shipped it; a person's id once an admin changed it. */
  updatedBy: string;
}

/** A department: a node of the organization tree, with the person who manages it. */
export interface DepartmentDoc {
  _id: string;
  name: string;
  parentId: string | null;
  managerId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What an API token may do beyond its user's rights: nothing more, perhaps less. */
export interface TokenLimits {
  readOnly: boolean;
  /** Only these entities (null: every entity the user may use). */
  entities: string[] | null;
}

export const ROLE_KEY_PATTERN = /^[a-z][a-z0-9_]{0,47}$/;
