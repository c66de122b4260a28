import { toApprovalView, withdrawApproval } from '@/lib/approvals/approval.service';
import { apiRoute, readJsonObject } from '@/lib/http/api-route';

/** POST {comment?}: the submitter withdraws. */
export const POST = apiRoute<{ id: string }>(async ({ req, params, actor }) => toApprovalView(await withdrawApproval(params.id, actor, (await readJsonObject(req)).comment), actor));
