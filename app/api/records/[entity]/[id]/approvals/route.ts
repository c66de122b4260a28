import { recordApprovals } from '@/lib/approvals/approval.service';
import { apiRoute } from '@/lib/http/api-route';
import { getRecord } from '@/lib/records/record.service';

/** GET: the record's approvals with their trails, and whether it is locked now. */
export const GET = apiRoute<{ entity: string; id: string }>(async ({ params, actor }) => {
  await getRecord(params.entity, params.id, actor); // the same read permission as the record
  return recordApprovals(params.entity, params.id, actor);
});
