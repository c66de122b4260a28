import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { changeOwnPassword } from '@/lib/users/user.service';

/** POST /api/me/password {current, password}: a new password ends every session, this one included. */
export const POST = apiRoute(async ({ req, actor, origin }) => {
  const body = await readJsonObject(req);
  await changeOwnPassword(actor.id, body.current, body.password);
  await audit({ action: 'password.changed', actor, origin, target: { kind: 'user', id: actor.id } });
  return new Response(null, { status: 204 });
});
