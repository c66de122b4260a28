import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { badRequest } from '@/lib/http/errors';
import { countAdmins, updateUser } from '@/lib/users/user.service';

export const PATCH = apiRoute<{ id: string }>(
  async ({ req, params, actor }) => {
    const input = await readJsonObject(req);
    const demotesSelf = params.id === actor.id && ((input.role !== undefined && input.role !== 'admin') || input.active === false);
    if (demotesSelf && (await countAdmins()) <= 1) throw badRequest('the last admin cannot remove their own admin access');
    return updateUser(params.id, input);
  },
  { roles: ['admin'] },
);
