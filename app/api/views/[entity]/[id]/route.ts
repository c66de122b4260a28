import { apiRoute, readJsonObject } from '@/lib/http/api-route';
import { deleteView, updateView } from '@/lib/views/view.service';

type Params = { entity: string; id: string };

export const PUT = apiRoute<Params>(async ({ req, params, actor }) => updateView(params.entity, params.id, await readJsonObject(req), actor));

export const DELETE = apiRoute<Params>(async ({ params, actor }) => {
  await deleteView(params.entity, params.id, actor);
  return new Response(null, { status: 204 });
});
