import { apiRoute } from '@/lib/http/api-route';
import { dashboardWidgetData, parseFilterValues } from '@/lib/dashboards/dashboard.service';

/**
 * One widget's data for the caller: GET /api/dashboards/:key/widgets/:id?filters={…}&mine=1.
 * `filters` holds the dashboard filters' values by id; `mine=1` is "only my records".
 */
export const GET = apiRoute<{ key: string; id: string }>(async ({ req, params, actor, locale, t }) => {
  const search = new URL(req.url).searchParams;
  const { data } = await dashboardWidgetData(params.key, params.id, { actor, locale, t, values: parseFilterValues(search.get('filters'), t), onlyMine: search.get('mine') === '1' });
  return data;
});
