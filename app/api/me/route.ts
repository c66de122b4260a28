import { apiRoute } from '@/lib/http/api-route';
import { meView } from '@/lib/permissions/actor';

export const GET = apiRoute(async ({ actor, locale }) => ({ user: meView(actor), locale }));
