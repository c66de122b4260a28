/** The UTF-8 byte order mark: Excel reads a CSV that starts with it as UTF-8 (Chinese included). */
export const UTF8_BOM = '\uFEFF';

/** One CSV field (RFC 4180): quoted when it holds a quote, comma or line break; quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, ended by CRLF. */
export function csvLine(cells: string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}
