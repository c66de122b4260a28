import type { ImportStatus, ImportView } from '@/lib/imports/import.types';

export type { DedupeMode, ImportConflict, ImportProblem, ImportStatus } from '@/lib/imports/import.types';
/** The import as the API answers it. */
export type ImportJob = ImportView;

/** Statuses a background job is working in: the page polls while one holds. */
export const BUSY: ImportStatus[] = ['validating', 'running', 'undoing'];
/** After the run: the result screen. */
export const FINISHED: ImportStatus[] = ['done', 'failed', 'undoing', 'undone'];
