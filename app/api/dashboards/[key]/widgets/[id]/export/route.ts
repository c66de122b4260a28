import { apiRoute } from '@/lib/http/api-route';
import { pick } from '@/lib/i18n/locale';
import { dashboardWidgetData, parseFilterValues } from '@/lib/dashboards/dashboard.service';
import { widgetDownload } from '@/lib/dashboards/widget-export';

/** The widget's data as a file: ?format=csv|xlsx with the same filters and mine as the data. */
export const GET = apiRoute<{ key: string; id: string }>(async ({ req, params, actor, locale, t }) => {
  const search = new URL(req.url).searchParams;
  const { widget, data } = await dashboardWidgetData(params.key, params.id, { actor, locale, t, values: parseFilterValues(search.get('filters'), t), onlyMine: search.get('mine') === '1' });
  return widgetDownload(data, pick(widget.title, locale), search.get('format'), t);
});
