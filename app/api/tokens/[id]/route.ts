import { apiRoute } from '@/lib/http/api-route';
import { revokeApiToken } from '@/lib/auth/api-tokens';

export const DELETE = apiRoute<{ id: string }>(
  async ({ params }) => {
    await revokeApiToken(params.id);
    return new Response(null, { status: 204 });
  },
  { system: 'tokens' },
);
