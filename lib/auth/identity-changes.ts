/**
 * A user or token changed (role, deactivation, revocation). Whatever caches identities
 * listens here, so the change applies to the next request.
 */
const listeners = new Set<() => void>();

export function onIdentityChange(listener: () => void): void {
  listeners.add(listener);
}

export function identityChanged(): void {
  for (const listener of listeners) listener();
}
