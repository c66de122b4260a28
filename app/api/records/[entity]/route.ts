import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { createRecord } from '@/lib/records/record.service';
import { listRecords } from '@/lib/records/record.query';
import { listQueryParams } from '../list-params';

/** GET /api/records/:entity?page=&pageSize=&sort=a:asc,b:desc&q=&filter=<json>&view=<id>&deleted=1 */
export const GET = apiRoute<{ entity: string }>(async ({ req, params, actor, locale }) =>
  listRecords(params.entity, listQueryParams(new URL(req.url).searchParams), actor, locale),
);

/** POST /api/records/:entity with the record's fields as a JSON object. */
export const POST = apiRoute<{ entity: string }>(async ({ req, params, actor, t }) => {
  const { record } = await createRecord(params.entity, await readJsonObject(req), { actor, t });
  return created(record);
});
