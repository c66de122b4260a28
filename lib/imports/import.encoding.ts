import { open } from 'node:fs/promises';
import type { ImportEncoding, ImportFormat } from '@/lib/imports/import.types';

const PROBE_BYTES = 4 * 1024 * 1024;

/** CSV or XLSX, by the file's first bytes (an XLSX is a zip), then by its name; null: neither. */
export function detectFormat(fileName: string, head: Buffer): ImportFormat | null {
  const zip = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  const ole = head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0; // legacy .xls
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (zip) return extension === 'csv' || extension === 'txt' ? null : 'xlsx';
  if (ole || extension === 'xls' || extension === 'xlsx') return null;
  // Anything else that is text is read as CSV (.csv, .txt, .tsv, or no extension).
  return head.includes(0) && !isUtf16(head) ? null : 'csv';
}

function isUtf16(head: Buffer): boolean {
  return head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
}

/**
 * The text encoding of a CSV file: a UTF-8 byte order mark, or the first megabytes being
 * valid UTF-8, mean UTF-8; anything else is read as GB18030 (a superset of GBK and GB2312,
 * what Chinese Excel writes when it saves "CSV").
 */
export async function detectEncoding(path: string): Promise<ImportEncoding> {
  const file = await open(path, 'r');
  try {
    const probe = Buffer.alloc(PROBE_BYTES);
    const { bytesRead } = await file.read(probe, 0, PROBE_BYTES, 0);
    const bytes = probe.subarray(0, bytesRead);
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
    try {
      // stream: true lets a character cut at the end of the probe wait for bytes that never come.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
      return 'utf-8';
    } catch {
      return 'gb18030';
    }
  } finally {
    await file.close();
  }
}
