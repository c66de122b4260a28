import { apiRoute } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { revokeApiToken } from '@/lib/auth/api-tokens';

export const DELETE = apiRoute<{ id: string }>(
  async ({ params, actor, origin }) => {
    const token = await revokeApiToken(params.id);
    await audit({ action: 'token.revoked', actor, origin, target: { kind: 'token', id: token.id, name: token.name }, details: { userId: token.userId } });
    return new Response(null, { status: 204 });
  },
  { system: 'tokens' },
);
