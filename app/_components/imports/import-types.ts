import type { LocalizedText } from '@/lib/i18n/locale';

/** The import API's answers, as /work/issue4 CONTRACT "Import / export HTTP API" describes them. */
export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'running' | 'done' | 'failed' | 'undoing' | 'undone';
export type DedupeMode = 'skip' | 'update' | 'create';

export interface ImportField {
  key: string;
  label: LocalizedText | string;
  type: string;
  required: boolean;
  unique: boolean;
}

export interface ImportProblem {
  row: number;
  column?: string;
  field?: string;
  message: string;
}

export interface ImportPreview {
  rows: number;
  valid: number;
  invalid: number;
  duplicatesInFile: number;
  matchesExisting: number;
  problems: ImportProblem[];
}

export interface ImportCounts {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

export interface ImportJob {
  id: string;
  entity: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'gb18030';
  columns: string[];
  sample: string[][];
  mapping: (string | null)[];
  dedupe: { fields: string[]; mode: DedupeMode };
  triggerWorkflows?: boolean;
  status: ImportStatus;
  fields: ImportField[];
  progress?: { processed: number; total: number | null };
  counts?: ImportCounts;
  preview?: ImportPreview;
  error?: string;
  /** What an undo did: records removed and restored; updated records changed since were left alone. */
  undo?: { removed: number; restored: number; conflicts: number; conflictIds: string[] };
  createdAt?: string;
  finishedAt?: string | null;
  undoneAt?: string | null;
}

/** Statuses a background job is working in: the page polls while one holds. */
export const BUSY: ImportStatus[] = ['validating', 'running', 'undoing'];
/** After the run: the result screen. */
export const FINISHED: ImportStatus[] = ['done', 'failed', 'undoing', 'undone'];
