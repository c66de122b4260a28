/**
 * A user, role, department or token changed. Whatever caches identities or permissions
 * listens here, so the change applies to the next request. Caches key their entries by the
 * generation rather than being emptied: a lookup in flight when something changes finishes
 * for its own request (never fails it), and no request after the change reads its result.
 */
const listeners = new Set<() => void>();
let current = 0;

export function onIdentityChange(listener: () => void): void {
  listeners.add(listener);
}

/** Counts identity changes in this process. */
export function identityGeneration(): number {
  return current;
}

export function identityChanged(): void {
  current += 1;
  for (const listener of listeners) listener();
}
