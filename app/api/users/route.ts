import { apiRoute, created, readJsonObject } from '@/lib/http/api-route';
import { createUser, listUsers } from '@/lib/users/user.service';

export const GET = apiRoute(async () => ({ items: await listUsers() }), { roles: ['admin'] });

export const POST = apiRoute(async ({ req }) => created(await createUser(await readJsonObject(req))), { roles: ['admin'] });
