import { resubmitApproval, toApprovalView } from '@/lib/approvals/approval.service';
import { apiRoute, readJsonObject } from '@/lib/http/api-route';

/** POST {comment?}: after a return, the submitter submits again. */
export const POST = apiRoute<{ id: string }>(async ({ req, params, actor }) => toApprovalView(await resubmitApproval(params.id, actor, (await readJsonObject(req)).comment), actor));
