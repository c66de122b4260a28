import { apiRoute } from '@/lib/http/api-route';
import { findImport, importView, startUndo } from '@/lib/imports/import.service';

/** POST /api/imports/:id/undo → 202; the worker does it in the background (queue "imports"). */
export const POST = apiRoute<{ key: string }>(async ({ params, actor }) => {
  const doc = await findImport(params.key, actor);
  return Response.json(await importView(await startUndo(doc, actor)), { status: 202 });
});
