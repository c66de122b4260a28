import { collection } from '@/lib/db/collections';

/** How often a worker says it is alive; it counts as gone after three missed beats. */
export const HEARTBEAT_MS = 5_000;
export const HEARTBEAT_STALE_MS = 3 * HEARTBEAT_MS + 2_000;

/** A service says it is alive (one document per process, replaced by _id). */
export async function beatHeart(id: string, service: string): Promise<void> {
  await (await collection('heartbeats')).replaceOne({ _id: id }, { service, at: new Date() }, { upsert: true });
}

/** The newest heartbeat of a service, if any. */
export async function lastHeartbeat(service: string): Promise<Date | null> {
  const [latest] = await (await collection('heartbeats')).find({ service }).sort({ at: -1 }).limit(1).toArray();
  return latest?.at ?? null;
}
