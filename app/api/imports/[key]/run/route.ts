import { apiRoute } from '@/lib/http/api-route';
import { findImport, importView, startRun } from '@/lib/imports/import.service';

/** POST /api/imports/:id/run → 202; the worker does it in the background (queue "imports"). */
export const POST = apiRoute<{ key: string }>(async ({ params, actor }) => {
  const doc = await findImport(params.key, actor);
  return Response.json(await importView(await startRun(doc)), { status: 202 });
});
