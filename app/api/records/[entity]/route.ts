import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { createRecord } from '@/lib/records/record.service';
import { listRecords } from '@/lib/records/record.query';
import { filterParam } from '../list-params';

/** GET /api/records/:entity?page=&pageSize=&sort=a:asc,b:desc&q=&filter=<json>&view=<id>&deleted=1 */
export const GET = apiRoute<{ entity: string }>(async ({ req, params, actor, locale }) => {
  const search = new URL(req.url).searchParams;
  return listRecords(
    params.entity,
    {
      page: Number(search.get('page') ?? 1),
      pageSize: search.has('pageSize') ? Number(search.get('pageSize')) : undefined,
      sort: search.get('sort') ?? undefined,
      q: search.get('q') ?? undefined,
      filter: filterParam(search),
      view: search.get('view') ?? undefined,
      deleted: search.get('deleted') === '1',
    },
    actor,
    locale,
  );
});

/** POST /api/records/:entity with the record's fields as a JSON object. */
export const POST = apiRoute<{ entity: string }>(async ({ req, params, actor, t }) => {
  const { record } = await createRecord(params.entity, await readJsonObject(req), { actor, t });
  return created(record);
});
