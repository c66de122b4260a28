import { apiRoute } from '@/lib/http/api-route';
import { badRequest } from '@/lib/errors/app-error';
import { importView, listImports } from '@/lib/imports/import.service';

/** GET /api/imports?entity=<key> → the entity's imports, newest first. */
export const GET = apiRoute(async ({ req, actor }) => {
  const entity = new URL(req.url).searchParams.get('entity');
  if (!entity) throw badRequest('add ?entity=<key>');
  const docs = await listImports(entity, actor);
  return { items: await Promise.all(docs.map((doc) => importView(doc, actor))) };
});
