import { apiRoute } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { endAllSessions } from '@/lib/users/user.service';

/** DELETE /api/me/sessions: "sign out everywhere", this browser included. */
export const DELETE = apiRoute(async ({ actor, origin }) => {
  await endAllSessions(actor.id);
  await audit({ action: 'session.endedEverywhere', actor, origin, target: { kind: 'user', id: actor.id } });
  return new Response(null, { status: 204 });
});
