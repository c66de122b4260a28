import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { deleteDepartment, updateDepartment } from '@/lib/permissions/department.service';

/** PATCH /api/departments/:id {name?, parentId?, managerId?} */
export const PATCH = apiRoute<{ id: string }>(
  async ({ req, params, actor, origin }) => {
    const { before, after } = await updateDepartment(params.id, await readJsonObject(req));
    await audit({ action: 'department.saved', actor, origin, target: { kind: 'department', id: after.id, name: after.name }, details: { before, after } });
    return after;
  },
  { system: 'organization' },
);

/** DELETE /api/departments/:id: only a department without members or sub-departments. */
export const DELETE = apiRoute<{ id: string }>(
  async ({ params, actor, origin }) => {
    const gone = await deleteDepartment(params.id);
    await audit({ action: 'department.deleted', actor, origin, target: { kind: 'department', id: gone.id, name: gone.name } });
    return new Response(null, { status: 204 });
  },
  { system: 'organization' },
);
