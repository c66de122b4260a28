import type { Filter } from 'mongodb';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import type { FieldMask } from '@/lib/permissions/field-mask';
import type { RecordDoc } from '@/lib/records/record.types';
import type { Actor } from '@/lib/users/user.types';

/**
 * What a viewer may see of an entity through a dashboard: whether they read its records at
 * all, which records (their read scope, a database filter every widget query is ANDed with),
 * and which fields (their field mask: a widget that measures, groups or filters by a hidden
 * field is refused, like an unknown field). The one place dashboards ask lib/permissions.
 */
export interface ViewerAccess {
  canRead: boolean;
  scope: Filter<RecordDoc>;
  hidden: ReadonlySet<string>;
  mask: FieldMask;
}

export function viewerAccess(actor: Actor, def: EntityDefinition): ViewerAccess {
  const mask = actor.access.fieldMask(def);
  // Sensitive fields are encrypted at rest: like hidden ones, they cannot be grouped or summed.
  const hidden = new Set([...mask.hidden, ...def.fields.filter((field) => field.sensitive).map((field) => field.key)]);
  return { canRead: actor.access.can(def.key, 'read'), scope: actor.access.filter(def.key, 'read'), hidden, mask };
}

/** Roles granted the `dashboards` area (admins, the manager preset…) compose dashboards; everyone opens those shared with one of their roles. */
export function canManageDashboards(actor: Pick<Actor, 'access'>): boolean {
  return actor.access.system('dashboards');
}

export function canOpenDashboard(actor: Pick<Actor, 'roles' | 'access'>, dashboard: { roles?: string[] }): boolean {
  return canManageDashboards(actor) || !dashboard.roles || dashboard.roles.length === 0 || dashboard.roles.some((role) => actor.roles.includes(role));
}
