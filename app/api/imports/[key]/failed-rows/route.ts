import { apiRoute } from '@/lib/http/api-route';
import { badRequest } from '@/lib/errors/app-error';
import { failedRowsResponse, findImport } from '@/lib/imports/import.service';

/** GET /api/imports/:id/failed-rows?format=csv|xlsx → the failed rows as uploaded, with "row" and "error". */
export const GET = apiRoute<{ key: string }>(async ({ req, params, actor }) => {
  const format = new URL(req.url).searchParams.get('format') ?? 'csv';
  if (format !== 'csv' && format !== 'xlsx') throw badRequest('format is csv or xlsx');
  return failedRowsResponse(await findImport(params.key, actor), format);
});
