import { apiRoute } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { endAllSessions } from '@/lib/users/user.service';

/** DELETE /api/users/:id/sessions: signs the user out everywhere (admins). */
export const DELETE = apiRoute<{ id: string }>(
  async ({ params, actor, origin }) => {
    await endAllSessions(params.id);
    await audit({ action: 'session.endedEverywhere', actor, origin, target: { kind: 'user', id: params.id } });
    return new Response(null, { status: 204 });
  },
  { system: 'organization' },
);
