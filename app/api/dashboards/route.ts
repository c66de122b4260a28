import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { createDashboard, listDashboards } from '@/lib/dashboards/dashboard.service';

/** The dashboards the caller may open. */
export const GET = apiRoute(async ({ actor }) => ({ items: await listDashboards(actor) }));

/** A new dashboard (managers and admins); every setting is checked, a wrong one is a 400 naming it. */
export const POST = apiRoute(async ({ req, actor, t, locale }) => created(await createDashboard(await readJsonObject(req), actor, t, locale)));
