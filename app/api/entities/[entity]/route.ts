import { apiRoute } from '@/lib/http/api-route';
import { getEntity } from '@/lib/entities/entity.service';

export const GET = apiRoute<{ entity: string }>(async ({ params }) => getEntity(params.entity));
