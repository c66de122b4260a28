import { apiRoute } from '@/lib/http/api-route';
import { notFound } from '@/lib/errors/app-error';
import { getVersion } from '@/lib/entities/entity.versions';
import { maskedEntity } from '@/lib/permissions/field-mask';

export const GET = apiRoute<{ entity: string; version: string }>(
  async ({ params, actor }) => {
    const definition = await getVersion(params.entity, Number.parseInt(params.version, 10));
    if (!definition) throw notFound();
    return maskedEntity(definition, actor.access.fieldMask(definition));
  },
  { system: 'automation' },
);
