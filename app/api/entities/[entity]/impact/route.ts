import { apiRoute } from '@/lib/http/api-route';
import { draftImpact } from '@/lib/entities/entity.drafts';

/** GET /api/entities/:key/impact: what publishing the draft does to stored records. */
export const GET = apiRoute<{ entity: string }>(async ({ params }) => draftImpact(params.entity), { system: 'design' });
