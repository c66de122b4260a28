import type { Filter } from 'mongodb';
import { canOnRecord } from '@/lib/auth/permissions';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { hiddenFieldKeys } from '@/lib/entities/field-access';
import type { RecordDoc } from '@/lib/records/record.types';
import type { Actor } from '@/lib/users/user.types';

/**
 * What a viewer may see of an entity through a dashboard: whether they read its records at
 * all, which records (a database filter every widget query is ANDed with), and which fields
 * are hidden from them (a widget that measures, groups or filters by one is refused, like
 * an unknown field). The one place dashboards ask; when record scopes arrive
 * (lib/permissions), this function returns the actor's read scope and field mask.
 */
export interface ViewerAccess {
  canRead: boolean;
  scope: Filter<RecordDoc>;
  hidden: ReadonlySet<string>;
}

export function viewerAccess(actor: Actor, def: EntityDefinition): ViewerAccess {
  return { canRead: canOnRecord(actor, 'read'), scope: {}, hidden: hiddenFieldKeys(def, actor.role) };
}

/** Managers and admins compose dashboards; everyone opens those shared with their role. */
export function canManageDashboards(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'manager';
}

export function canOpenDashboard(actor: Actor, dashboard: { roles?: string[] }): boolean {
  return canManageDashboards(actor) || !dashboard.roles || dashboard.roles.length === 0 || dashboard.roles.includes(actor.role);
}
