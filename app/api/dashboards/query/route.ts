import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { adhocWidgetData } from '@/lib/dashboards/dashboard.service';
import { widgetDownload } from '@/lib/dashboards/widget-export';

/**
 * The aggregate query widgets use, for scripts and the composer's preview:
 * `{ query }` or `{ widget: { kind, query | forecast, options }, filters?, values? }`.
 * `?format=csv|xlsx` answers the data as a file.
 */
export const POST = apiRoute(async ({ req, actor, locale, t }) => {
  const format = new URL(req.url).searchParams.get('format');
  const { data } = await adhocWidgetData(await readJsonObject(req), { actor, locale, t, values: {}, onlyMine: false });
  return format ? widgetDownload(data, 'query', format, t) : data;
});
