import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { markRead } from '@/lib/notifications/notification.service';

/** POST {ids?}: marks these (or, without ids, all) of mine read. */
export const POST = apiRoute(async ({ req, actor }) => {
  const body = await readJsonObject(req);
  return { changed: await markRead(actor.id, body.ids === undefined ? undefined : (body.ids as string[])) };
});
