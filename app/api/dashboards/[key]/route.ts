import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { deleteDashboard, getDashboard, replaceDashboard } from '@/lib/dashboards/dashboard.service';

export const GET = apiRoute<{ key: string }>(async ({ params, actor }) => getDashboard(params.key, actor));

/** Replaces the dashboard (If-Match: the version the editor started from). */
export const PUT = apiRoute<{ key: string }>(async ({ req, params, actor, t, locale }) => {
  const ifMatch = req.headers.get('if-match');
  const expected = ifMatch && /^\d+$/.test(ifMatch.replace(/"/g, '')) ? Number(ifMatch.replace(/"/g, '')) : undefined;
  return replaceDashboard(params.key, await readJsonObject(req), actor, t, locale, expected);
});

export const DELETE = apiRoute<{ key: string }>(async ({ params, actor }) => {
  await deleteDashboard(params.key, actor);
  return { deleted: params.key };
});
