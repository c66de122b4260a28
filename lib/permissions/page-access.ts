import { canOpenDashboard } from '@/lib/dashboards/viewer-access';
import type { RecordAction, SystemArea } from '@/lib/permissions/permission.types';
import type { Actor } from '@/lib/users/user.types';

/** What a page needs of its viewer: a system area (the admin pages), an action on an entity's records, or a dashboard shared with them. */
export type PageNeed = { area: SystemArea } | { entity: string; action: RecordAction } | { dashboard: { roles?: string[] } };

/**
 * Whether the actor may open a page: the same rules the page's API routes apply (apiRoute's
 * `system` option, requireAction), asked by the page's server layout so that a role without
 * them sees a "no permission" page instead of the page's buttons over an empty table.
 */
export function mayOpenPage(actor: Actor, need: PageNeed): boolean {
  if ('area' in need) return actor.access.system(need.area);
  if ('dashboard' in need) return canOpenDashboard(actor, need.dashboard);
  return actor.access.can(need.entity, need.action);
}
