import { apiRoute } from '@/lib/http/api-route';
import { listVersions } from '@/lib/entities/entity.versions';

export const GET = apiRoute<{ entity: string }>(async ({ params }) => listVersions(params.entity), { system: 'automation' });
