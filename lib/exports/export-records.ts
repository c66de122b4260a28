import { badRequest } from '@/lib/errors/app-error';
import { pick, type Locale } from '@/lib/i18n/locale';
import type { Translate } from '@/lib/i18n/messages';
import { listSelection, type ListQuery } from '@/lib/records/record.query';
import type { Actor } from '@/lib/users/user.types';
import { audit, type RequestOrigin } from '@/lib/audit/audit.service';
import { exportColumns } from './export-columns';
import { csvStream } from './export-csv';
import { xlsxStream } from './export-xlsx';
import { recordBatches } from './record-batches';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function exportFormat(value: string | null): ExportFormat {
  const format = value ?? 'csv';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw badRequest('format must be csv or xlsx');
  return format as ExportFormat;
}

/** `attachment; filename=…` with the entity's label and the day, also for browsers that need ASCII. */
export function attachmentHeader(entityKey: string, label: string, format: ExportFormat, now = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  const ascii = `${entityKey}-${day}.${format}`;
  const named = `${label.replace(/[\\/:*?"<>|\r\n]/g, ' ').trim() || entityKey}-${day}.${format}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(named)}`;
}

/**
 * The records a list query selects (filter, sort, keyword, saved view) as a CSV or XLSX
 * download, streamed batch by batch. Parameters are checked before the first byte is sent,
 * so a bad one is an ordinary error answer.
 */
export async function exportRecords(
  entityKey: string,
  query: ListQuery,
  columnKeys: string[] | undefined,
  format: ExportFormat,
  ctx: { actor: Actor; locale: Locale; t: Translate; origin?: RequestOrigin },
): Promise<Response> {
  const selection = await listSelection(entityKey, query, ctx.actor, ctx.locale, 'export');
  const { def, view } = selection;
  const columns = exportColumns(def, columnKeys, view?.columns ?? [], ctx.actor, ctx.locale, ctx.t);
  const batches = recordBatches(def, selection, columns);
  const label = pick(def.label, ctx.locale);
  await audit({ action: 'records.exported', actor: ctx.actor, origin: ctx.origin, target: { kind: 'entity', id: def.key }, details: { format, columns: columns.map((column) => column.key), q: query.q ?? null, filter: query.filter ?? null, view: query.view ?? null, deleted: Boolean(query.deleted) } });
  const body = format === 'csv' ? csvStream(columns, batches, ctx.locale) : xlsxStream(columns, batches, ctx.locale, label);
  return new Response(body, {
    headers: {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': attachmentHeader(def.key, label, format),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
