/** The benchmark's results: one row per measure, printed as a table and kept as JSON. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Cell {
  value: number;
  unit: string;
  /** Shown after the value ("0 errors"). */
  note?: string;
}

export interface ResultRow {
  measure: string;
  salesflow?: Cell;
  raw?: Cell;
  /** The raw driver on the unpatched FerretDB binary, same data (the speed part). */
  unpatched?: Cell;
  /** Salesflow against the raw driver: a rate as a share (0.5 = 50 %) or a time as a multiple. */
  ratio?: { value: number; kind: 'share' | 'multiple' };
  target?: { text: string; met: boolean };
}

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

function number(value: number): string {
  return NUMBER.format(value >= 100 ? Math.round(value) : value);
}

function cellText(cell: Cell | undefined): string {
  if (!cell) return '—';
  if (Number.isNaN(cell.value)) return cell.note ?? '—';
  return `${number(cell.value)} ${cell.unit}${cell.note ? `, ${cell.note}` : ''}`;
}

function ratioText(ratio: ResultRow['ratio']): string {
  if (!ratio) return '—';
  return ratio.kind === 'share' ? `${Math.round(ratio.value * 100)} %` : `${ratio.value.toFixed(2)}×`;
}

function targetText(target: ResultRow['target']): string {
  if (!target) return '—';
  return `${target.text} ${target.met ? '✓' : '✗'}`;
}

/** Rates compare as Salesflow's share of the raw rate; times as a multiple of the raw time. */
export function rateRatio(salesflow: number, raw: number): ResultRow['ratio'] {
  return { value: salesflow / raw, kind: 'share' };
}

export function timeRatio(salesflow: number, raw: number): ResultRow['ratio'] {
  return { value: salesflow / raw, kind: 'multiple' };
}

export function tableText(rows: ResultRow[]): string {
  // The unpatched column only when some row has it (the speed part ran on the embedded database).
  const unpatched = rows.some((row) => row.unpatched);
  const header = ['measure', 'Salesflow', 'raw driver', ...(unpatched ? ['raw driver, unpatched FerretDB'] : []), 'ratio', 'target'];
  const lines = rows.map((row) => [row.measure, cellText(row.salesflow), cellText(row.raw), ...(unpatched ? [cellText(row.unpatched)] : []), ratioText(row.ratio), targetText(row.target)]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (line: string[]) => `| ${line.map((text, column) => text.padEnd(widths[column])).join(' | ')} |`;
  return [format(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...lines.map(format)].join('\n');
}

export function writeResults(path: string, report: Record<string, unknown> & { rows: ResultRow[] }): void {
  mkdirSync(dirname(path), { recursive: true });
  const rows = report.rows.map((row) => ({
    ...row,
    text: { salesflow: cellText(row.salesflow), raw: cellText(row.raw), unpatched: cellText(row.unpatched), ratio: ratioText(row.ratio), target: targetText(row.target) },
  }));
  writeFileSync(path, `${JSON.stringify({ ...report, rows }, null, 2)}\n`);
}
