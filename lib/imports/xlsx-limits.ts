import { Open, type CentralDirectoryFile } from 'unzipper';
import { AppError } from '@/lib/errors/app-error';

/**
 * An XLSX file is a zip of XML: a small upload can unpack to gigabytes, hold one enormous
 * cell, or claim millions of columns. Before any spreadsheet reader sees an upload, its
 * parts are unpacked once as a stream (never held whole), counting what they really hold
 * (not what the zip says they hold), and the file is refused with a 400 that says which limit
 * it broke. The limits are Excel's own (rows, columns, characters in a cell) and sizes that
 * keep the reader's memory bounded.
 */
export const XLSX_LIMITS = {
  /** All parts together, unpacked. */
  unpackedBytes: 1024 * 1024 * 1024,
  /** The shared strings part: readers keep it in memory. */
  sharedStringsBytes: 64 * 1024 * 1024,
  cellCharacters: 32_767,
  rows: 1_048_576,
  columns: 16_384,
};

type Limits = typeof XLSX_LIMITS;

export class XlsxLimitError extends AppError {}

const refuse = (key: 'xlsx.tooBig' | 'xlsx.sharedStrings' | 'xlsx.cellTooLong' | 'xlsx.tooManyRows' | 'xlsx.tooManyColumns' | 'xlsx.unreadable', params: Record<string, number> = {}) =>
  new XlsxLimitError('invalid', 'xlsx_limit', key, params);

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;
const APOS = 0x27;

/** "XFD" → 16384. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const char of letters) n = n * 26 + (char.charCodeAt(0) - 64);
  return n;
}

/**
 * Reads one XML part's bytes without building anything: the longest text between tags (a
 * cell's text, UTF-8 and escaped, so at most 6 bytes a character), and in a worksheet its
 * rows and each row's cells and their column letters.
 */
class XmlScanner {
  private state: 'text' | 'name' | 'attrs' = 'text';
  private textBytes = 0;
  private name = '';
  private attrs = '';
  private quote = 0;
  private rows = 0;
  private cellsInRow = 0;

  constructor(
    private readonly worksheet: boolean,
    private readonly limits: Limits,
  ) {}

  private endTag(): void {
    if (!this.worksheet) return;
    if (this.name === 'row') {
      this.rows += 1;
      this.cellsInRow = 0;
      if (this.rows > this.limits.rows) throw refuse('xlsx.tooManyRows', { max: this.limits.rows });
    } else if (this.name === 'c') {
      this.cellsInRow += 1;
      const column = /\br="([A-Z]+)\d*"/.exec(this.attrs)?.[1];
      if (this.cellsInRow > this.limits.columns || (column && (column.length > 3 || columnNumber(column) > this.limits.columns))) {
        throw refuse('xlsx.tooManyColumns', { max: this.limits.columns });
      }
    }
  }

  write(chunk: Buffer): void {
    const maxText = this.limits.cellCharacters * 6;
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i];
      if (this.state === 'text') {
        if (byte === LT) {
          this.state = 'name';
          this.name = '';
          this.attrs = '';
          this.textBytes = 0;
        } else if (++this.textBytes > maxText) throw refuse('xlsx.cellTooLong', { max: this.limits.cellCharacters });
      } else if (this.state === 'name') {
        if (byte === GT) {
          this.endTag();
          this.state = 'text';
        } else if (byte <= 0x20 || byte === SLASH) {
          this.state = 'attrs';
        } else if (this.name.length < 16) this.name += String.fromCharCode(byte);
      } else {
        if (this.quote) {
          if (byte === this.quote) this.quote = 0;
        } else if (byte === QUOTE || byte === APOS) this.quote = byte;
        else if (byte === GT) {
          this.endTag();
          this.state = 'text';
          continue;
        }
        if (this.name === 'c' && this.attrs.length < 256) this.attrs += String.fromCharCode(byte);
      }
    }
  }
}

/** Checks an uploaded XLSX file against the limits; throws XlsxLimitError (a 400) when it breaks one. */
export async function checkXlsxLimits(path: string, limits: Limits = XLSX_LIMITS): Promise<void> {
  let files: CentralDirectoryFile[];
  try {
    files = (await Open.file(path)).files;
  } catch {
    throw refuse('xlsx.unreadable');
  }
  let total = 0;
  const unpackedMb = Math.round(limits.unpackedBytes / 1024 / 1024);
  // What the zip claims is checked first: a file that says it is too big is refused unread.
  if (files.reduce((sum, file) => sum + file.uncompressedSize, 0) > limits.unpackedBytes) throw refuse('xlsx.tooBig', { mb: unpackedMb });
  for (const file of files) {
    if (file.type !== 'File') continue;
    const sharedStrings = /^xl\/sharedStrings\.xml$/i.test(file.path);
    const worksheet = /^xl\/worksheets\/[^/]+\.xml$/i.test(file.path);
    const scanner = sharedStrings || worksheet ? new XmlScanner(worksheet, limits) : null;
    let size = 0;
    const stream = file.stream();
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        total += chunk.length;
        if (total > limits.unpackedBytes) throw refuse('xlsx.tooBig', { mb: unpackedMb });
        if (sharedStrings && size > limits.sharedStringsBytes) throw refuse('xlsx.sharedStrings', { mb: Math.round(limits.sharedStringsBytes / 1024 / 1024) });
        scanner?.write(chunk);
      }
    } catch (error) {
      if (error instanceof XlsxLimitError) throw error;
      throw refuse('xlsx.unreadable');
    } finally {
      stream.destroy();
    }
  }
}
