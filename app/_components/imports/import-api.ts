import { api, ApiError } from '@/lib/client/api-client';
import type { DedupeMode, ImportJob } from './import-types';

/** Uploads a file (multipart "file"); the answer is the new import with its auto mapping. */
export async function uploadImportFile(entity: string, file: File): Promise<ImportJob> {
  const body = new FormData();
  body.append('file', file, file.name);
  const response = await fetch(`/api/imports/${encodeURIComponent(entity)}`, { method: 'POST', body, credentials: 'same-origin' });
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const error = payload?.error ?? {};
    throw new ApiError(response.status, error.code ?? 'http_error', error.message ?? response.statusText, error.fields);
  }
  return payload as ImportJob;
}

export interface ImportSettings {
  mapping: (string | null)[];
  dedupe: { fields: string[]; mode: DedupeMode };
  triggerWorkflows: boolean;
}

export const saveImportSettings = (id: string, settings: ImportSettings) => api<ImportJob>(`/api/imports/${id}`, { method: 'PATCH', body: settings });
export const validateImport = (id: string) => api<unknown>(`/api/imports/${id}/validate`, { method: 'POST' });
export const runImport = (id: string) => api<unknown>(`/api/imports/${id}/run`, { method: 'POST' });
export const undoImport = (id: string) => api<unknown>(`/api/imports/${id}/undo`, { method: 'POST' });
export const failedRowsUrl = (id: string, format: 'csv' | 'xlsx') => `/api/imports/${id}/failed-rows?format=${format}`;
export const conflictsUrl = (id: string, format: 'csv' | 'xlsx') => `/api/imports/${id}/conflicts?format=${format}`;
