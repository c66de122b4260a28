import { apiRoute } from '@/lib/http/api-route';
import { escapeRegex } from '@/lib/fields/filters';
import { listUsers } from '@/lib/users/user.service';

/** GET /api/users/lookup?q=&ids=a,b: active members for pickers (names and emails only). */
export const GET = apiRoute(async ({ req }) => {
  const search = new URL(req.url).searchParams;
  const ids = new Set((search.get('ids') ?? '').split(',').filter(Boolean));
  const pattern = new RegExp(escapeRegex((search.get('q') ?? '').trim().slice(0, 100)), 'i');
  const users = (await listUsers()).filter((user) => user.active && (ids.size > 0 ? ids.has(user.id) : pattern.test(user.name) || pattern.test(user.email)));
  return users.slice(0, 50).map((user) => ({ id: user.id, name: user.name, email: user.email }));
});
