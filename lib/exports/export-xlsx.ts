import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Locale } from '@/lib/i18n/locale';
import { logger } from '@/lib/logger';
import { sheetFormat, sheetValue } from './export-cells';
import type { ExportColumn } from './export-columns';
import type { RecordBatch } from './record-batches';

/** Bytes the download may have waiting before the next batch of rows is written. */
const QUEUED_BYTES = 1 << 20;

/** Excel's limits on a sheet name: 31 characters, none of []:*?/\ . */
function sheetName(title: string): string {
  return title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Sheet1';
}

/**
 * An XLSX file as a byte stream, written by exceljs's streaming writer: each batch of rows is
 * committed (and leaves memory) before the next is read, and no batch is read while the
 * download has a megabyte waiting.
 */
export function xlsxStream(columns: ExportColumn[], batches: AsyncGenerator<RecordBatch>, locale: Locale, title: string): ReadableStream<Uint8Array> {
  let wake: (() => void) | undefined;
  let cancelled = false;
  const waitForRoom = () => new Promise<void>((resolve) => (wake = resolve));
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const readable = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        wake?.();
      },
      async cancel() {
        cancelled = true;
        wake?.();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: QUEUED_BYTES }),
  );
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!cancelled) controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      callback();
    },
    final(callback) {
      if (!cancelled) controller.close();
      callback();
    },
  });

  async function write() {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(sheetName(title), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((column) => {
      const numFmt = sheetFormat(column, locale);
      return { header: column.label, key: column.key, width: Math.min(40, Math.max(12, column.label.length * 2 + 2)), ...(numFmt ? { style: { numFmt } } : {}) };
    });
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const { docs, refs } of batches) {
      if (cancelled) break;
      docs.forEach((doc, index) => {
        sheet.addRow(columns.map((column) => sheetValue(column, doc, refs[index], locale))).commit();
      });
      // Let the zip stream take the rows; wait while the download is behind.
      await new Promise((resolve) => setImmediate(resolve));
      while (!cancelled && (controller.desiredSize ?? 0) <= 0) await waitForRoom();
    }
    if (cancelled) return;
    sheet.commit();
    await workbook.commit();
  }

  write().catch((error: unknown) => {
    logger.error({ err: error }, 'XLSX export failed');
    if (!cancelled) controller.error(error);
  });
  return readable;
}
