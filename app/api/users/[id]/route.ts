import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { updateUser } from '@/lib/users/user.service';

/** PATCH /api/users/:id {name?, email?, roles?, departmentId?, active?, password?} */
export const PATCH = apiRoute<{ id: string }>(
  async ({ req, params, actor, origin }) => {
    const input = await readJsonObject(req);
    const { before, after } = await updateUser(params.id, input);
    const changed = Object.fromEntries(
      (['email', 'name', 'roles', 'departmentId', 'active'] as const).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).map((key) => [key, { before: before[key], after: after[key] }]),
    );
    await audit({ action: 'user.updated', actor, origin, target: { kind: 'user', id: after.id, name: after.email }, details: { ...changed, ...(input.password ? { password: 'changed' } : {}) } });
    return after;
  },
  { system: 'organization' },
);
