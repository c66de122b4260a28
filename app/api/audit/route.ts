import { apiRoute } from '@/lib/http/api-route';
import { listAuditEvents } from '@/lib/audit/audit.service';

/** GET /api/audit?action=&actorId=&from=&to=&before=&limit= : events newest first (action may be a group: "signin", "role"…). */
export const GET = apiRoute(
  async ({ req }) => {
    const search = new URL(req.url).searchParams;
    const value = (name: string) => search.get(name) ?? undefined;
    return listAuditEvents({ action: value('action'), actorId: value('actorId'), from: value('from'), to: value('to'), before: value('before'), limit: Number(search.get('limit') ?? 50) });
  },
  { system: 'audit' },
);
