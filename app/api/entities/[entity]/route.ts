import { apiRoute } from '@/lib/http/api-route';
import { getEntity } from '@/lib/entities/entity.service';
import { entityForRole } from '@/lib/entities/field-access';

/** The published definition, without the fields the caller's role may not see (admins get all of it). */
export const GET = apiRoute<{ entity: string }>(async ({ params, actor }) => entityForRole(await getEntity(params.entity), actor.role));
