import { apiRoute } from '@/lib/http/api-route';
import { kanbanLanes } from '@/lib/records/record.query';
import { filterParam } from '../../list-params';

/** GET /api/records/:entity/kanban?field=&filter=&q=&limit= */
export const GET = apiRoute<{ entity: string }>(async ({ req, params, actor, locale }) => {
  const search = new URL(req.url).searchParams;
  return kanbanLanes(
    params.entity,
    { field: search.get('field') ?? undefined, filter: filterParam(search), q: search.get('q') ?? undefined, limit: Number(search.get('limit') ?? 50) },
    actor,
    locale,
  );
});
