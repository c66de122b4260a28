import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { createView, listViews } from '@/lib/views/view.service';

export const GET = apiRoute<{ entity: string }>(async ({ params, actor }) => listViews(params.entity, actor));

export const POST = apiRoute<{ entity: string }>(async ({ req, params, actor }) => created(await createView(params.entity, await readJsonObject(req), actor)));
