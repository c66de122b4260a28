import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { saveUserSettings, userSettings } from '@/lib/notifications/notification.service';

/** GET / PUT {emailNotifications}: my notification choices. */
export const GET = apiRoute(async ({ actor }) => userSettings(actor.id));
export const PUT = apiRoute(async ({ req, actor }) => saveUserSettings(actor.id, await readJsonObject(req)));
