import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { duplicateDashboard } from '@/lib/dashboards/dashboard.service';

/** A copy of the dashboard (not tied to its template), optionally with a new key and title. */
export const POST = apiRoute<{ key: string }>(async ({ req, params, actor, t, locale }) => {
  const body = req.headers.get('content-length') === '0' ? {} : await readJsonObject(req).catch(() => ({}));
  return created(await duplicateDashboard(params.key, body, actor, t, locale));
});
