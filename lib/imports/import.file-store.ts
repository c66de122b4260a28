import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { config } from '@/lib/config';
import type { ImportFormat } from '@/lib/imports/import.types';

/**
 * Files of an import on disk, under the data folder the web process and the worker share:
 * imports/<id>/source.csv|xlsx as uploaded, and failed.csv with the rows that failed.
 */
export function importDir(importId: string): string {
  return join(config.dataDir, 'imports', importId);
}

export function uploadPath(importId: string): string {
  return join(importDir(importId), 'upload.part');
}

export function sourcePath(importId: string, format: ImportFormat): string {
  return join(importDir(importId), `source.${format}`);
}

export function failedRowsPath(importId: string): string {
  return join(importDir(importId), 'failed.csv');
}

/** The skipped rows whose values conflict with what they matched (as uploaded, with the reason). */
export function conflictsPath(importId: string): string {
  return join(importDir(importId), 'conflicts.csv');
}

export async function ensureImportDir(importId: string): Promise<void> {
  await mkdir(importDir(importId), { recursive: true });
}

export async function removeImportDir(importId: string): Promise<void> {
  await rm(importDir(importId), { recursive: true, force: true });
}
