import { apiRoute } from '@/lib/http/api-route';
import { findImport, importView, startValidation } from '@/lib/imports/import.service';

/** POST /api/imports/:id/validate → 202; the worker does it in the background (queue "imports"). */
export const POST = apiRoute<{ key: string }>(async ({ params, actor }) => {
  const doc = await findImport(params.key, actor);
  return Response.json(await importView(await startValidation(doc, actor), actor), { status: 202 });
});
