/** The UTF-8 byte order mark: Excel reads a CSV that starts with it as UTF-8 (Chinese included). */
export const UTF8_BOM = '\uFEFF';

/** A cell a spreadsheet would run as a formula: it starts with =, +, -, @, a tab or a carriage return (OWASP's CSV injection rule). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Plain numbers ("-12.5", "+86") are data, not formulas, and stay as they are so that they read back as numbers. */
const PLAIN_NUMBER = /^[+-]?(\d[\d,]*)?(\.\d+)?%?$/;

/**
 * A cell's text made safe for spreadsheets: one that would run as a formula gets a leading
 * apostrophe, which Excel and LibreOffice show as text and do not run (=HYPERLINK(…) stays
 * text). An import reads such a cell back without the apostrophe (formulaSafeRead).
 */
export function formulaSafe(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** What formulaSafe wrote, read back as the text it was. */
export function formulaSafeRead(text: string): string {
  return text.length > 1 && text[0] === "'" && FORMULA_START.test(text.slice(1)) && !PLAIN_NUMBER.test(text.slice(1)) ? text.slice(1) : text;
}

/** One CSV field (RFC 4180): made formula-safe, then quoted when it holds a quote, comma, line break or edge spaces; quotes doubled. */
export function csvField(text: string): string {
  const safe = formulaSafe(text);
  return /[",\r\n]/.test(safe) || /^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV record, ended by CRLF. Every CSV the product writes is written with it. */
export function csvLine(cells: string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}
