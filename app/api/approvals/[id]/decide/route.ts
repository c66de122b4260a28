import { decideApproval, toApprovalView } from '@/lib/approvals/approval.service';
import type { ApprovalDecision } from '@/lib/approvals/approval.types';
import { apiRoute, readJsonObject } from '@/lib/http/api-route';

/** POST {decision: approve|reject|return, comment}: an approver decides. */
export const POST = apiRoute<{ id: string }>(async ({ req, params, actor }) => {
  const body = await readJsonObject(req);
  return toApprovalView(await decideApproval(params.id, actor, body.decision as ApprovalDecision, body.comment), actor);
});
