import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { createRecord, listRecords } from '@/lib/records/record.service';

const WHERE_PARAM = /^where\[([A-Za-z][A-Za-z0-9_]*)\]$/;

/** GET /api/records/:entity?page=&pageSize=&sort=&direction=asc|desc&q=&where[field]=id */
export const GET = apiRoute<{ entity: string }>(async ({ req, params, actor }) => {
  const search = new URL(req.url).searchParams;
  const where: Record<string, string> = {};
  for (const [name, value] of search) {
    const match = WHERE_PARAM.exec(name);
    if (match) where[match[1]] = value;
  }
  const direction = search.get('direction');
  return listRecords(
    params.entity,
    {
      page: Number(search.get('page') ?? 1),
      pageSize: search.has('pageSize') ? Number(search.get('pageSize')) : undefined,
      sort: search.get('sort') ?? undefined,
      direction: direction === 'asc' || direction === 'desc' ? direction : undefined,
      q: search.get('q') ?? undefined,
      where,
    },
    actor,
  );
});

/** POST /api/records/:entity with the record's fields as a JSON object. */
export const POST = apiRoute<{ entity: string }>(async ({ req, params, actor, t }) => {
  const { record } = await createRecord(params.entity, await readJsonObject(req), { actor, t });
  return created(record);
});
