import { apiRoute } from '@/lib/http/api-route';
import { getEntity } from '@/lib/entities/entity.service';
import { entityForActor } from '@/lib/permissions/entity-view';
import { requireAction } from '@/lib/permissions/guards';

/** The published definition, without the fields the caller may not see (admins get all of it). */
export const GET = apiRoute<{ entity: string }>(async ({ params, actor }) => {
  const def = await getEntity(params.entity);
  requireAction(actor, def.key, 'read');
  return entityForActor(def, actor);
});
