import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { issueApiToken, listApiTokens } from '@/lib/auth/api-tokens';

export const GET = apiRoute(async () => ({ items: await listApiTokens() }), { system: 'tokens' });

/** Returns the token itself once; only its hash is stored. */
export const POST = apiRoute(
  async ({ req, actor }) => {
    const body = await readJsonObject(req);
    return created(await issueApiToken({ name: body.name, userId: body.userId ?? actor.id }, actor.id));
  },
  { system: 'tokens' },
);
