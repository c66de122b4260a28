import { apiRoute } from '@/lib/http/api-route';
import { listEntities } from '@/lib/entities/entity.service';

export const GET = apiRoute(async () => ({ items: await listEntities() }));
