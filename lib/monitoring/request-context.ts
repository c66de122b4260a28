import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while serving a request carries (lib/logger.ts reads it). */
export interface RequestContext {
  requestId: string;
}

const holder = globalThis as unknown as { __salesflowRequests?: AsyncLocalStorage<RequestContext> };

/** One store per process, kept on globalThis: Next's bundles may load this module more than once. */
export function requestContext(): AsyncLocalStorage<RequestContext> {
  holder.__salesflowRequests ??= new AsyncLocalStorage<RequestContext>();
  return holder.__salesflowRequests;
}
