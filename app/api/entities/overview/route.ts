import { apiRoute } from '@/lib/http/api-route';
import { entityOverview } from '@/lib/entities/entity.overview';

/** GET /api/entities/overview: the designer's entity list in one answer (each entity with its draft's state). */
export const GET = apiRoute(async () => ({ items: await entityOverview() }), { system: 'design' });
