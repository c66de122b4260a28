import { appendFile, open, truncate, writeFile } from 'node:fs/promises';
import { csvLine } from '@/lib/exports/csv-text';
import { cellText, type Cell } from '@/lib/imports/import.readers';


/**
 * The failed rows of an import, appended to a CSV file on disk batch by batch: the cells as
 * uploaded, then "row" (its line in the file) and "error" (the reason). The byte length after
 * each saved batch is the checkpoint a retried run cuts the file back to.
 */
export class FailedRowsFile {
  private pending = '';

  constructor(
    private readonly path: string,
    private readonly columnCount: number,
    public bytes: number,
  ) {}

  /** Starts the file (header) or cuts it back to the last checkpoint. */
  async open(columns: string[]): Promise<void> {
    if (this.bytes === 0) {
      const header = csvLine([...columns, 'row', 'error']);
      await writeFile(this.path, header);
      this.bytes = Buffer.byteLength(header);
      return;
    }
    const handle = await open(this.path, 'a');
    await handle.close();
    await truncate(this.path, this.bytes);
  }

  add(line: number, cells: Cell[], reason: string): void {
    const values = Array.from({ length: Math.max(this.columnCount, cells.length) }, (_, index) => cellText(cells[index] ?? null));
    this.pending += csvLine([...values.slice(0, Math.max(this.columnCount, 0)), String(line), reason]);
  }

  /** Writes what the batch added; returns the new length. */
  async flush(): Promise<number> {
    if (this.pending) {
      await appendFile(this.path, this.pending);
      this.bytes += Buffer.byteLength(this.pending);
      this.pending = '';
    }
    return this.bytes;
  }
}
