import { apiRoute } from '@/lib/http/api-route';
import { listNotifications } from '@/lib/notifications/notification.service';

/** GET /api/notifications?unread=1&limit=&before= : mine, newest first, in my language. */
export const GET = apiRoute(async ({ req, actor, locale }) => {
  const search = new URL(req.url).searchParams;
  return { items: await listNotifications(actor.id, locale, { unread: search.get('unread') === '1', limit: Number(search.get('limit') ?? 50) || 50, before: search.get('before') ?? undefined }) };
});
