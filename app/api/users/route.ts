import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { createUser, listUsers } from '@/lib/users/user.service';

export const GET = apiRoute(async () => ({ items: await listUsers() }), { system: 'organization' });

export const POST = apiRoute(
  async ({ req, actor, origin }) => {
    const user = await createUser(await readJsonObject(req));
    await audit({ action: 'user.created', actor, origin, target: { kind: 'user', id: user.id, name: user.email }, details: { roles: user.roles, departmentId: user.departmentId, active: user.active } });
    return created(user);
  },
  { system: 'organization' },
);
