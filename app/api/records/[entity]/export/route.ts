import { apiRoute } from '@/lib/http/api-route';
import { exportFormat, exportRecords } from '@/lib/exports/export-records';
import { columnsParam, listQueryParams } from '../../list-params';

/**
 * GET /api/records/:entity/export?format=csv|xlsx&columns=a,b plus the list's parameters
 * (sort, q, filter, view, deleted): every record they select, streamed as a file.
 */
export const GET = apiRoute<{ entity: string }>(async ({ req, params, actor, locale, t, origin }) => {
  const search = new URL(req.url).searchParams;
  return exportRecords(params.entity, listQueryParams(search), columnsParam(search), exportFormat(search.get('format')), { actor, locale, t, origin });
});
