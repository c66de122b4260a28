import { waitingCount } from '@/lib/approvals/approval.service';
import { apiRoute } from '@/lib/http/api-route';
import { unreadCount } from '@/lib/notifications/notification.service';

/** GET: the header's counts — unread notifications and approvals waiting for me. */
export const GET = apiRoute(async ({ actor }) => {
  const [notifications, approvals] = await Promise.all([unreadCount(actor.id), waitingCount(actor.id)]);
  return { notifications, approvals };
});
