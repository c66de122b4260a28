import { findApproval, toApprovalView } from '@/lib/approvals/approval.service';
import { apiRoute } from '@/lib/http/api-route';

export const GET = apiRoute<{ id: string }>(async ({ params, actor }) => toApprovalView(await findApproval(params.id), actor));
