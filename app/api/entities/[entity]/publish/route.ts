import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { publishDraft } from '@/lib/entities/entity.drafts';

/** POST /api/entities/:key/publish {confirm?}: publishes the draft, or answers with the impact to confirm. */
export const POST = apiRoute<{ entity: string }>(
  async ({ req, params, actor }) => {
    const body = await readJsonObject(req).catch(() => ({}) as Record<string, unknown>);
    return publishDraft(params.entity, body.confirm === true, actor);
  },
  { system: 'design' },
);
