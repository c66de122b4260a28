import ExcelJS from 'exceljs';
import { csvLine, UTF8_BOM } from '@/lib/exports/csv-text';
import { badRequest } from '@/lib/errors/app-error';
import type { Translate } from '@/lib/i18n/messages';
import type { WidgetData } from '@/lib/dashboards/dashboard.types';
import { exportValue } from '@/lib/dashboards/measure-format';

type Table = { header: string[]; rows: (string | number | null)[][] };

/** A widget's data as a table: one column per grouping and per measure, a row per group and a totals row; money exact in major units. */
export function widgetTable(data: WidgetData, t: Translate): Table {
  if (data.kind === 'forecast') {
    const { result } = data;
    return {
      header: [t('dashboards.bucket.month'), t('dashboards.forecast.actual'), t('dashboards.forecast.trend'), t('dashboards.forecast.pipeline')],
      rows: result.points.map((point) => [point.label, exportValue(point.actual, result.format), exportValue(point.trend, result.format), exportValue(point.pipeline, result.format)]),
    };
  }
  const { result } = data;
  const header = [...result.dimensions.map((dimension) => dimension.label), ...result.measures.map((measure) => measure.label)];
  const rows = result.rows.map((row) => [
    ...row.at.map((at, index) => result.dimensions[index].values[at]?.label ?? ''),
    ...row.cells.map((cell, index) => exportValue(cell.value, result.measures[index].format)),
  ]);
  if (result.dimensions.length > 0) {
    rows.push([t('dashboards.widget.total'), ...result.dimensions.slice(1).map(() => ''), ...result.totals.map((cell, index) => exportValue(cell.value, result.measures[index].format))]);
  }
  return { header, rows };
}

function fileName(title: string, extension: string): string {
  const safe = title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ').trim().slice(0, 80) || 'widget';
  return `${safe}-${new Date().toISOString().slice(0, 10)}.${extension}`;
}

function disposition(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The download of a widget's data: CSV (UTF-8 with BOM, so Excel reads Chinese) or XLSX. */
export async function widgetDownload(data: WidgetData, title: string, format: string | null, t: Translate): Promise<Response> {
  const table = widgetTable(data, t);
  if (format === 'csv') {
    const body = UTF8_BOM + [table.header, ...table.rows].map((row) => csvLine(row.map((cell) => (cell === null ? '' : String(cell))))).join('');
    return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition(fileName(title, 'csv')) } });
  }
  if (format === 'xlsx') {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet(title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Sheet1');
    sheet.addRow(table.header).font = { bold: true };
    // Exact decimals (money) go in as numbers only when they survive the trip; else as text.
    for (const row of table.rows) sheet.addRow(row.map((cell) => (typeof cell === 'string' && /^-?\d+(\.\d+)?$/.test(cell) && String(Number(cell)) === cell.replace(/\.?0+$/, '') ? Number(cell) : cell)));
    const buffer = await book.xlsx.writeBuffer();
    return new Response(buffer as ArrayBuffer, {
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': disposition(fileName(title, 'xlsx')) },
    });
  }
  throw badRequest('format must be csv or xlsx');
}
