import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { formulaSafeRead } from '@/lib/exports/csv-text';
import type { ImportEncoding, ImportFormat } from '@/lib/imports/import.types';

/** A cell as read: CSV gives text; XLSX also numbers, booleans and dates (UTC-based, as Excel shows them). */
export type Cell = string | number | boolean | Date | null;

export interface SourceRow {
  /** Row number in the file; the header is row 1. */
  line: number;
  cells: Cell[];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A date cell as Excel shows it: the day, plus the time when it has one. */
export function dateCellText(date: Date): string {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const hasTime = date.getUTCHours() || date.getUTCMinutes() || date.getUTCSeconds();
  return hasTime ? `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}` : day;
}

export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : dateCellText(cell);
  return String(cell);
}

function isBlank(cells: Cell[]): boolean {
  return cells.every((cell) => cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === ''));
}

async function* csvRows(path: string, encoding: ImportEncoding): AsyncGenerator<SourceRow> {
  const input = createReadStream(path, { highWaterMark: 256 * 1024 });
  // iconv-lite drops a leading byte order mark.
  const decoder = iconv.decodeStream(encoding === 'utf-8' ? 'utf8' : 'gb18030');
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: false, skipEmptyLines: false });
  input.on('error', (error) => parser.destroy(error));
  decoder.on('error', (error: Error) => parser.destroy(error));
  input.pipe(decoder).pipe(parser);
  let line = 0;
  try {
    for await (const row of parser as AsyncIterable<string[]>) {
      line += 1;
      if (isBlank(row)) continue;
      // A cell our own CSVs wrote formula-safe (an apostrophe before =, +, -, @) reads back as it was.
      yield { line, cells: row.map(formulaSafeRead) };
    }
  } finally {
    input.destroy();
    (decoder as unknown as { destroy(): void }).destroy();
    parser.destroy();
  }
}

/** The plain value of an exceljs cell (rich text, formulas, links and errors unwrapped). */
function plainCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) return (object.richText as { text?: string }[]).map((part) => part.text ?? '').join('');
    if ('result' in object) return plainCell(object.result);
    if ('formula' in object || 'sharedFormula' in object) return null;
    if (typeof object.text === 'string') return object.text;
    if ('error' in object) return String(object.error);
  }
  return String(value);
}

async function* xlsxRows(path: string): AsyncGenerator<SourceRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  for await (const sheet of workbook) {
    for await (const row of sheet) {
      const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
      // exceljs numbers columns from 1; index 0 is always empty.
      const cells = values.slice(1).map(plainCell);
      for (let i = 0; i < cells.length; i += 1) if (cells[i] === undefined) cells[i] = null;
      if (isBlank(cells)) continue;
      yield { line: row.number, cells };
    }
    break; // the first sheet only
  }
}

/** The rows of an uploaded file, streamed (header row included), skipping wholly blank rows. */
export function readRows(path: string, format: ImportFormat, encoding: ImportEncoding): AsyncGenerator<SourceRow> {
  return format === 'xlsx' ? xlsxRows(path) : csvRows(path, encoding);
}

/** The header and the first rows, for the mapping screen. */
export async function readHead(path: string, format: ImportFormat, encoding: ImportEncoding, sampleRows = 20): Promise<{ columns: string[]; sample: string[][] }> {
  let columns: string[] | null = null;
  const sample: string[][] = [];
  const rows = readRows(path, format, encoding);
  try {
    for await (const row of rows) {
      if (!columns) columns = row.cells.map((cell) => cellText(cell).trim());
      else sample.push(row.cells.map(cellText));
      if (sample.length >= sampleRows) break;
    }
  } finally {
    await rows.return(undefined);
  }
  return { columns: columns ?? [], sample };
}
