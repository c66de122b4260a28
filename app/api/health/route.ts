import { database } from '@/lib/db/mongo';

export const dynamic = 'force-dynamic';

/** Readiness for the launcher and load balancers: answers 200 once the database answers. */
export async function GET() {
  try {
    await (await database()).command({ ping: 1 });
    return Response.json({ status: 'ok' });
  } catch {
    return Response.json({ status: 'unavailable' }, { status: 503 });
  }
}
