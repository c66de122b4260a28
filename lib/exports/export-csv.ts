import type { Locale } from '@/lib/i18n/locale';
import { logger } from '@/lib/logger';
import { cellText } from './export-cells';
import type { ExportColumn } from './export-columns';
import { csvLine, UTF8_BOM } from './csv-text';
import type { RecordBatch } from './record-batches';

/**
 * A CSV file as a byte stream: BOM, the header of field labels, then one line per record.
 * A batch is read only when the reader wants more, so a slow download holds one batch.
 */
export function csvStream(columns: ExportColumn[], batches: AsyncGenerator<RecordBatch>, locale: Locale): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(UTF8_BOM + csvLine(columns.map((column) => column.label))));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) return controller.close();
        const { docs, refs } = next.value;
        let text = '';
        docs.forEach((doc, index) => {
          text += csvLine(columns.map((column) => cellText(column, doc, refs[index], locale)));
        });
        controller.enqueue(encoder.encode(text));
      } catch (error) {
        logger.error({ err: error }, 'CSV export failed');
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
