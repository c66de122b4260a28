import type { WriteOrigin } from '@/lib/records/record.events';

/**
 * Runs started by an automation's writes carry their depth: a person's write starts runs of
 * depth 0, a write by such a run starts runs of depth 1, and so on. A workflow that keeps
 * re-triggering itself (or two that trigger each other) is stopped here, with the reason on the
 * refused run.
 */
export const MAX_DEPTH = 5;

export function runDepth(origin: WriteOrigin | undefined): number {
  return origin ? origin.depth + 1 : 0;
}

/** Why a run of this depth may not start, or null when it may. */
export function loopGuardReason(depth: number, origin?: WriteOrigin): string | null {
  if (depth <= MAX_DEPTH) return null;
  return `loop guard: this run would be ${depth} automations deep (the limit is ${MAX_DEPTH}); it was started by a write of run ${origin?.runId ?? '?'}`;
}
