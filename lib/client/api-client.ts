import type { FieldErrors } from '@/lib/validation/ajv-messages';

/** An error answer of the HTTP API: its message is already in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
    /** Each problem of a definition that was refused (400 definition_invalid). */
    readonly problems?: string[],
  ) {
    super(message);
  }
}

/** The browser's client of the same HTTP API that scripts use. */
export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    credentials: 'same-origin',
  });
  if (response.status === 204) return undefined as T;
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const error = payload?.error ?? {};
    if (response.status === 401 && typeof window !== 'undefined') window.location.href = '/signin';
    throw new ApiError(response.status, error.code ?? 'http_error', error.message ?? response.statusText, error.fields, Array.isArray(error.problems) ? error.problems : undefined);
  }
  return payload as T;
}

export const fetcher = <T,>(path: string) => api<T>(path);
