import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { createDepartment, listDepartments } from '@/lib/permissions/department.service';

/** GET /api/departments: the organization tree as a flat list (parentId links), for everyone signed in. */
export const GET = apiRoute(async () => ({ items: await listDepartments() }));

/** POST /api/departments {name, parentId?, managerId?} */
export const POST = apiRoute(
  async ({ req, actor, origin }) => {
    const department = await createDepartment(await readJsonObject(req));
    await audit({ action: 'department.saved', actor, origin, target: { kind: 'department', id: department.id, name: department.name }, details: { after: department } });
    return created(department);
  },
  { system: 'organization' },
);
