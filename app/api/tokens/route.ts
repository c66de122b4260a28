import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { issueApiToken, listApiTokens } from '@/lib/auth/api-tokens';

export const GET = apiRoute(async () => ({ items: await listApiTokens() }), { system: 'tokens' });

/** POST {name, userId?, readOnly?, entities?, expiresInDays?}: returns the token itself once; only its hash is stored. */
export const POST = apiRoute(
  async ({ req, actor, origin }) => {
    const body = await readJsonObject(req);
    const issued = await issueApiToken({ name: body.name, userId: body.userId ?? actor.id, readOnly: body.readOnly, entities: body.entities, expiresInDays: body.expiresInDays }, actor.id);
    const { id, name, userId, readOnly, entities } = issued.apiToken;
    await audit({ action: 'token.issued', actor, origin, target: { kind: 'token', id, name }, details: { userId, readOnly, entities } });
    return created(issued);
  },
  { system: 'tokens' },
);
