import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { badRequest } from '@/lib/errors/app-error';
import { deleteRole, saveRole } from '@/lib/permissions/role.service';

/** PUT /api/roles/:key with the whole role: its grants, scopes and field rules. */
export const PUT = apiRoute<{ key: string }>(
  async ({ req, params, actor, origin }) => {
    const body = await readJsonObject(req);
    if (body.key !== undefined && body.key !== params.key) throw badRequest('a role keeps its key');
    const { before, after } = await saveRole({ ...body, key: params.key }, actor.id);
    await audit({ action: 'role.saved', actor, origin, target: { kind: 'role', id: after.key }, details: { before, after } });
    return after;
  },
  { system: 'organization' },
);

export const DELETE = apiRoute<{ key: string }>(
  async ({ params, actor, origin }) => {
    const gone = await deleteRole(params.key);
    await audit({ action: 'role.deleted', actor, origin, target: { kind: 'role', id: gone.key }, details: { before: gone } });
    return new Response(null, { status: 204 });
  },
  { system: 'organization' },
);
