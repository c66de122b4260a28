import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { discardDraft, getDraft, saveDraft } from '@/lib/entities/entity.drafts';
import type { EntityDefinition } from '@/lib/entities/entity.types';

type Params = { entity: string };

/** GET /api/entities/:key/draft → {draft, published, problems} */
export const GET = apiRoute<Params>(async ({ params }) => getDraft(params.entity), { system: 'design' });

/** PUT /api/entities/:key/draft with a whole definition; a new key starts a new entity. */
export const PUT = apiRoute<Params>(
  async ({ req, params, actor }) => saveDraft(params.entity, (await readJsonObject(req)) as unknown as EntityDefinition, actor),
  { system: 'design' },
);

export const DELETE = apiRoute<Params>(
  async ({ params }) => {
    await discardDraft(params.entity);
    return new Response(null, { status: 204 });
  },
  { system: 'design' },
);
