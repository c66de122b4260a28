import { checkHealth } from '@/lib/health/health';

export const dynamic = 'force-dynamic';

/**
 * Readiness for the launcher, load balancers and monitoring: 200 when the database, Redis and
 * a worker answer, else 503 naming what is down. Always within 2 seconds, whatever hangs.
 */
export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.status === 'ok' ? 200 : 503 });
}
