import type { FieldTypeKey } from '@/lib/fields/field.types';
import type { Locale } from '@/lib/i18n/locale';

export type ImportFormat = 'csv' | 'xlsx';
export type ImportEncoding = 'utf-8' | 'gb18030';
export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'running' | 'done' | 'failed' | 'undoing' | 'undone';
export type DedupeMode = 'skip' | 'update' | 'create';

export interface DedupeRule {
  /** Field keys a row is matched on; empty: no matching. */
  fields: string[];
  mode: DedupeMode;
}

/** Every row read lands in exactly one of created, updated, unchanged, skipped and failed. */
export interface ImportCounts {
  created: number;
  updated: number;
  /** Rows that matched a record to update but held nothing new: no version was written. */
  unchanged?: number;
  skipped: number;
  failed: number;
  /** Of the skipped rows, those whose values differ from the record they matched (in conflicts.csv). */
  conflicts?: number;
}

export interface ImportProblem {
  /** Line number in the file (the header is line 1). */
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
  /** Rows to update that hold nothing new (they will count as unchanged). */
  unchanged?: number;
  /** Rows to skip whose values differ from the record or earlier row they match (in conflicts.csv). */
  conflicts?: number;
  /** The first 100. */
  problems: ImportProblem[];
  /** The first 100 conflicting values of skipped rows. */
  conflictSamples?: ImportConflict[];
}

/** A value of a skipped row that differs from the one it would have been merged into. */
export interface ImportConflict {
  row: number;
  field: string;
  /** What the file says, as text. */
  value: string;
  /** What the matched record (or earlier row) holds, as text ("" for nothing). */
  existing: string;
  /** The record it matched (its number or name), or "row N" for an earlier row of the file. */
  target: string;
}

export interface UndoReport {
  removed: number;
  restored: number;
  /** Updated records changed again after the import: left as they are. */
  conflicts: number;
  conflictIds: string[];
}

export interface ImportableField {
  key: string;
  label: Record<Locale, string>;
  type: FieldTypeKey;
  required: boolean;
  unique: boolean;
}

/** The import as stored (collection "imports"). */
export interface ImportDoc {
  _id: string;
  entity: string;
  fileName: string;
  format: ImportFormat;
  encoding: ImportEncoding;
  size: number;
  columns: string[];
  /** The first rows as text; as objects, since the embedded database stores no nested arrays. */
  sample: { cells: string[] }[];
  mapping: (string | null)[];
  dedupe: DedupeRule;
  triggerWorkflows: boolean;
  status: ImportStatus;
  progress: { processed: number; total: number | null };
  counts: ImportCounts;
  preview?: ImportPreview;
  error?: string;
  undo?: UndoReport;
  /** The importer's language: row errors and the failed-rows file speak it. */
  locale: Locale;
  createdBy: string;
  createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  undoneAt?: Date;
  undoneBy?: string;
  /** Length of the failed-rows file at the last saved batch (a retried run cuts it back to this). */
  failedBytes: number;
  /** The same for the conflicts file. */
  conflictBytes?: number;
}

/** The import as the HTTP API shows it (GET /api/imports/:id); the wizard reads this type too. */
export interface ImportView {
  id: string;
  entity: string;
  fileName: string;
  format: ImportFormat;
  encoding: ImportEncoding;
  size: number;
  columns: string[];
  sample: string[][];
  mapping: (string | null)[];
  dedupe: DedupeRule;
  triggerWorkflows: boolean;
  status: ImportStatus;
  fields: ImportableField[];
  progress: { processed: number; total: number | null };
  counts: ImportCounts;
  preview?: ImportPreview;
  error?: string;
  undo?: UndoReport;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  undoneAt: string | null;
}

/** A record an import updated, with what it held before (for undo). */
export interface ImportUpdateDoc {
  /** importId:line */
  _id: string;
  importId: string;
  entity: string;
  recordId: string;
  before: Record<string, unknown>;
  beforeVersion: number;
  /** The version the import's update produced; a later version means someone changed it since. */
  afterVersion?: number;
}

/** Queue, job names and payload live with every other job in lib/jobs/jobs.ts. */
export type { ImportJobData } from '@/lib/jobs/jobs';
export type ImportJobName = 'validate-import' | 'run-import' | 'undo-import';
