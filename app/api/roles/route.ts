import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { listRoles, saveRole } from '@/lib/permissions/role.service';

/** GET /api/roles: every role with its grants, field rules and how many users hold it. */
export const GET = apiRoute(async () => ({ items: await listRoles() }), { system: 'organization' });

/** POST /api/roles with a whole role definition (key, name, system, entities, fields). */
export const POST = apiRoute(
  async ({ req, actor, origin }) => {
    const { after } = await saveRole(await readJsonObject(req), actor.id, { creating: true });
    await audit({ action: 'role.saved', actor, origin, target: { kind: 'role', id: after.key }, details: { before: null, after } });
    return created(after);
  },
  { system: 'organization' },
);
