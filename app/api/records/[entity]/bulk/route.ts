import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { bulkWrite, type BulkRequest } from '@/lib/records/record.bulk';

/** POST /api/records/:entity/bulk {action: update|delete|restore|purge, ids, data?} */
export const POST = apiRoute<{ entity: string }>(async ({ req, params, actor, t }) =>
  bulkWrite(params.entity, (await readJsonObject(req)) as unknown as BulkRequest, { actor, t }),
);
