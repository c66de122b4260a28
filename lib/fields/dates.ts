import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(customParseFormat);

const DATE_FORMATS = ['YYYY-MM-DD', 'YYYY-M-D', 'YYYY/M/D', 'YYYY.M.D', 'YYYY年M月D日', 'YYYYMMDD'];
const DATETIME_FORMATS = ['YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DD HH:mm', 'YYYY/M/D HH:mm:ss', 'YYYY/M/D HH:mm', 'YYYY/M/D H:mm'];

/** A day as people write it (2026-11-23, 2026/11/23, 2026年11月23日), or a Date. */
export function parseDay(value: unknown): dayjs.Dayjs | null {
  if (value instanceof Date) return dayjs(value);
  if (typeof value !== 'string') return null;
  const parsed = dayjs(value.trim(), DATE_FORMATS, true);
  return parsed.isValid() ? parsed : null;
}

/** A moment: ISO text with a zone, or a local "2026-11-23 14:30" (the server's zone). */
export function parseMoment(value: unknown): dayjs.Dayjs | null {
  if (value instanceof Date) return dayjs(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const iso = dayjs(text);
    return iso.isValid() ? iso : null;
  }
  const local = dayjs(text, DATETIME_FORMATS, true);
  return local.isValid() ? local : parseDay(text);
}

export { dayjs };
