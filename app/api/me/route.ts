import { apiRoute } from '@/lib/http/api-route';

export const GET = apiRoute(async ({ actor, locale }) => ({ user: actor, locale }));
