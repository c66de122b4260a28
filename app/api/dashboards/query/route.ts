import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { adhocWidgetData } from '@/lib/dashboards/dashboard.service';
import { widgetDownload } from '@/lib/dashboards/widget-export';

/**
 * The aggregate query widgets use, for scripts and the composer's preview:
 * `{ query }` or `{ widget: { kind, query | forecast, options }, filters?, values? }`.
 * `?format=csv|xlsx` answers the data as a file; `?mine=1` counts only the caller's records.
 */
export const POST = apiRoute(async ({ req, actor, locale, t }) => {
  const search = new URL(req.url).searchParams;
  const format = search.get('format');
  const { data } = await adhocWidgetData(await readJsonObject(req), { actor, locale, t, values: {}, onlyMine: search.get('mine') === '1' });
  return format ? widgetDownload(data, 'query', format, t) : data;
});
