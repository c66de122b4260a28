import { apiRoute } from '@/lib/http/api-route';
import { listEntities } from '@/lib/entities/entity.service';
import { entityForActor } from '@/lib/permissions/entity-view';

/** The entities the caller may read, each with only the fields they see and what they may do with it. */
export const GET = apiRoute(async ({ actor }) => ({ items: (await listEntities()).filter((def) => actor.access.can(def.key, 'read')).map((def) => entityForActor(def, actor)) }));
