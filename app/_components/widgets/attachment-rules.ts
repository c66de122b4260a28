import { DEFAULT_ATTACHMENT_SETTINGS } from '@/lib/fields/types/attachment';
import type { MessageKey } from '@/lib/i18n/catalog/en';

export interface AttachmentLimits {
  maxFiles: number;
  maxSizeMB: number;
  /** MIME types ("application/pdf"), families ("image/*") or extensions (".pdf"); empty accepts any. */
  accept: string[];
}

/** The limits a field's ui:options carry, with the platform defaults for what is missing. */
export function attachmentLimits(options: Record<string, unknown>): AttachmentLimits {
  const number = (value: unknown, fallback: number) => (typeof value === 'number' && value > 0 ? value : fallback);
  return {
    maxFiles: number(options.maxFiles, DEFAULT_ATTACHMENT_SETTINGS.maxFiles),
    maxSizeMB: number(options.maxSizeMB, DEFAULT_ATTACHMENT_SETTINGS.maxSizeMB),
    accept: Array.isArray(options.accept) ? options.accept.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [],
  };
}

/** Whether a file matches one of the accepted types, as the server checks it. */
export function acceptsFile(file: { name: string; type: string }, accept: string[]): boolean {
  if (accept.length === 0) return true;
  const name = file.name.toLowerCase();
  const type = (file.type || '').toLowerCase();
  return accept.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (entry.startsWith('.')) return name.endsWith(entry);
    if (entry.endsWith('/*')) return type.startsWith(entry.slice(0, -1));
    return type === entry;
  });
}

export interface AttachmentProblem {
  key: Extract<MessageKey, 'form.fileTooLarge' | 'form.fileTypeRefused' | 'form.tooManyFiles'>;
  params: Record<string, string | number>;
}

/**
 * Why a file cannot be uploaded to the field, checked in the browser before sending it;
 * `filesBefore` counts the files the field holds or is uploading, this one excluded.
 */
export function attachmentProblem(
  file: { name: string; type: string; size: number },
  limits: AttachmentLimits,
  filesBefore: number,
): AttachmentProblem | null {
  if (filesBefore >= limits.maxFiles) return { key: 'form.tooManyFiles', params: { count: limits.maxFiles } };
  if (!acceptsFile(file, limits.accept)) return { key: 'form.fileTypeRefused', params: { name: file.name, accept: limits.accept.join(', ') } };
  if (file.size > limits.maxSizeMB * 1024 * 1024) return { key: 'form.fileTooLarge', params: { name: file.name, size: limits.maxSizeMB } };
  return null;
}
