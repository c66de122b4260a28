import { apiRoute } from '@/lib/http/api-route';
import { listDrafts } from '@/lib/entities/entity.drafts';

/** GET /api/entities/drafts: every unpublished draft (new entities included) with its problems. */
export const GET = apiRoute(async () => ({ items: await listDrafts() }), { system: 'design' });
