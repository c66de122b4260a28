import { logger } from '@/lib/logger';
import type { RecordDoc } from '@/lib/records/record.types';

/**
 * What wrote a record when an automation did: the run and how deep in a chain of automations it
 * is (a run started by a person's write has depth 0; a write by that run starts runs of depth 1).
 * The loop guard reads it (lib/workflows/loop-guard.ts).
 */
export interface WriteOrigin {
  runId: string;
  depth: number;
}

interface Base {
  entity: string;
  /** Set when an automation wrote the record. */
  origin?: WriteOrigin;
  /** False for writes that must not start workflows (bulk loads, an import undone); rollups still follow. */
  automations: boolean;
}

/**
 * The typed events the record service announces after each stored write. Workflows and rollups
 * subscribe (lib/subscribers.ts); the record service knows neither.
 */
export type RecordWriteEvent =
  | (Base & { type: 'created'; record: RecordDoc })
  | (Base & { type: 'updated'; record: RecordDoc; before: RecordDoc })
  /** Moved to the recycle bin: `record` carries _deletedAt. */
  | (Base & { type: 'deleted'; record: RecordDoc; before: RecordDoc })
  | (Base & { type: 'restored'; record: RecordDoc; before: RecordDoc })
  /** Deleted for good (from the bin, or an import undone). */
  | (Base & { type: 'purged'; before: RecordDoc });

export type RecordEventType = RecordWriteEvent['type'];

export type RecordEventSubscriber = (event: RecordWriteEvent) => Promise<void>;

const holder = globalThis as unknown as { __salesflowRecordSubscribers?: Map<string, RecordEventSubscriber> };
const subscribers = () => (holder.__salesflowRecordSubscribers ??= new Map());

/** Registers a subscriber under a name (registering the same name again replaces it). */
export function subscribeToRecordEvents(name: string, subscriber: RecordEventSubscriber): void {
  subscribers().set(name, subscriber);
}

let warned = false;

/**
 * Hands an event to every subscriber at once and waits for them all: the
 * write is answered only once its automations are recorded (each records its work before it
 * queues it). A subscriber that fails makes the write's caller see the error, as before.
 */
export async function publishRecordEvent(event: RecordWriteEvent): Promise<void> {
  const all = subscribers();
  if (all.size === 0 && !warned) {
    warned = true;
    logger.error({ event: event.type, entity: event.entity }, 'a record event has no subscribers: call registerSubscribers() at this entry point');
  }
  await Promise.all([...all.values()].map((subscriber) => subscriber(event)));
}
