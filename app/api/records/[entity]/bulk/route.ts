import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { bulkWrite, type BulkRequest } from '@/lib/records/record.bulk';

/** POST /api/records/:entity/bulk {action: update|delete|restore|purge|transfer, ids, data?, ownerId?} */
export const POST = apiRoute<{ entity: string }>(async ({ req, params, actor, t, origin }) => {
  const request = (await readJsonObject(req)) as unknown as BulkRequest;
  const result = await bulkWrite(params.entity, request, { actor, t });
  // Handing records to another person changes who may see them: the audit log keeps who did it.
  if (request.action === 'transfer' && result.succeeded.length > 0) {
    await audit({ action: 'records.transferred', actor, origin, target: { kind: 'entity', id: params.entity }, details: { ownerId: request.ownerId, ids: result.succeeded, count: result.succeeded.length } });
  }
  return result;
});
