import { apiRoute } from '@/lib/http/api-route';
import { notFound } from '@/lib/http/errors';
import { getVersion } from '@/lib/entities/entity.versions';

export const GET = apiRoute<{ entity: string; version: string }>(
  async ({ params }) => {
    const definition = await getVersion(params.entity, Number.parseInt(params.version, 10));
    if (!definition) throw notFound();
    return definition;
  },
  { roles: ['admin', 'manager'] },
);
