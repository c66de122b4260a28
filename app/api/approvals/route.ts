import { approvalInbox, type InboxBox } from '@/lib/approvals/approval.service';
import { apiRoute } from '@/lib/http/api-route';
import { badRequest } from '@/lib/errors/app-error';

const BOXES: InboxBox[] = ['waiting', 'submitted', 'done'];

/** GET /api/approvals?box=waiting|submitted|done: the to-do inbox. */
export const GET = apiRoute(async ({ req, actor }) => {
  const box = (new URL(req.url).searchParams.get('box') ?? 'waiting') as InboxBox;
  if (!BOXES.includes(box)) throw badRequest(`box must be one of ${BOXES.join(', ')}`);
  return { items: await approvalInbox(actor, box) };
});
