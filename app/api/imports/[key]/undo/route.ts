import { apiRoute } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { findImport, importView, startUndo } from '@/lib/imports/import.service';

/** POST /api/imports/:id/undo → 202; the worker does it in the background (queue "imports"). */
export const POST = apiRoute<{ key: string }>(async ({ params, actor, origin }) => {
  const doc = await findImport(params.key, actor);
  await audit({ action: 'import.undone', actor, origin, target: { kind: 'import', id: doc._id, name: doc.fileName }, details: { entity: doc.entity } });
  return Response.json(await importView(await startUndo(doc, actor), actor), { status: 202 });
});
