import { apiRoute } from '@/lib/http/api-route';
import { notFound } from '@/lib/http/errors';
import { getVersion } from '@/lib/entities/entity.versions';
import { entityForRole } from '@/lib/entities/field-access';

export const GET = apiRoute<{ entity: string; version: string }>(
  async ({ params, actor }) => {
    const definition = await getVersion(params.entity, Number.parseInt(params.version, 10));
    if (!definition) throw notFound();
    return entityForRole(definition, actor.role);
  },
  { roles: ['admin', 'manager'] },
);
