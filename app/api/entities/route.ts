import { apiRoute } from '@/lib/http/api-route';
import { listEntities } from '@/lib/entities/entity.service';
import { entityForRole } from '@/lib/entities/field-access';

export const GET = apiRoute(async ({ actor }) => ({ items: (await listEntities()).map((def) => entityForRole(def, actor.role)) }));
