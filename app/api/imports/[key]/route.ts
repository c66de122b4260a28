import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { audit } from '@/lib/audit/audit.service';
import { createImport, findImport, importView, patchImport } from '@/lib/imports/import.service';

/**
 * POST /api/imports/:entity, multipart with "file" (CSV or XLSX) → 201 the new import.
 * GET /api/imports/:id, PATCH /api/imports/:id { mapping?, dedupe?, triggerWorkflows? }.
 * (One dynamic segment: Next.js allows one name per level; POST reads it as the entity.)
 */
export const POST = apiRoute<{ key: string }>(
  async ({ req, params, actor, locale, origin }) => {
    const doc = await createImport(params.key, req, actor, locale);
    await audit({ action: 'import.created', actor, origin, target: { kind: 'import', id: doc._id, name: doc.fileName }, details: { entity: doc.entity, size: doc.size, format: doc.format } });
    return created(await importView(doc, actor));
  },
  { accepts: 'multipart' },
);

export const GET = apiRoute<{ key: string }>(async ({ params, actor }) => importView(await findImport(params.key, actor), actor));

export const PATCH = apiRoute<{ key: string }>(async ({ req, params, actor }) => {
  const doc = await findImport(params.key, actor);
  return importView(await patchImport(doc, await readJsonObject(req), actor), actor);
});
