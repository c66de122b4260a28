/**
 * Calendar arithmetic for dashboards: days ("YYYY-MM-DD"), the buckets that group them (day,
 * week starting Monday, month, quarter, year), date-range presets and the instants at which
 * days begin in the company's time zone. Pure and shared by server and browser.
 *
 * Days are computed as UTC calendar dates, so no server or browser zone leaks in; a zone is
 * used only to turn an instant into the day it falls on there, and a day into the instant it
 * begins there.
 */
import type { Locale } from '@/lib/i18n/locale';

export const BUCKETS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Bucket = (typeof BUCKETS)[number];

export const DATE_PRESETS = ['today', 'thisWeek', 'thisMonth', 'lastMonth', 'thisQuarter', 'lastQuarter', 'thisYear', 'lastYear', 'last7Days', 'last30Days', 'last12Months'] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

/** The company's zone unless configured otherwise (SALESFLOW_TIME_ZONE). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** An inclusive range of days. */
export interface DayRange {
  from: string;
  to: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isDay(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const match = DAY.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return toDay(date) === text;
}

export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function parts(day: string): [number, number, number] {
  const match = DAY.exec(day);
  if (!match) throw new Error(`"${day}" is not a day`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function utc(day: string): Date {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m - 1, d));
}

export function addDays(day: string, n: number): string {
  return toDay(new Date(utc(day).getTime() + n * MS_PER_DAY));
}

/** The same day n months later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = parts(day);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return toDay(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to).getTime() - utc(from).getTime()) / MS_PER_DAY);
}

/** Monday = 1 … Sunday = 7. */
function weekday(day: string): number {
  return utc(day).getUTCDay() || 7;
}

/** The day an instant falls on in a zone. */
export function dayIn(instant: Date, timeZone: string): string {
  const fields = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant).map((part) => [part.type, part.value]),
  );
  return `${fields.year}-${fields.month}-${fields.day}`;
}

/** Minutes a zone is ahead of UTC at an instant. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const fields = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  );
  const asUtc = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a day begins in a zone (its midnight; the first moment of the day where DST skips midnight). */
export function dayStart(day: string, timeZone: string): Date {
  const midnight = utc(day).getTime();
  // Two rounds settle the offset also on the day a zone changes it.
  let guess = midnight - offsetMinutes(new Date(midnight), timeZone) * 60_000;
  guess = midnight - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/** The key of the bucket holding a day: 2026-11-23 (day), 2026-11-23 (its week's Monday), 2026-11, 2026-Q4, 2026. */
export function bucketKey(day: string, bucket: Bucket): string {
  const [y, m] = parts(day);
  switch (bucket) {
    case 'day':
      return day;
    case 'week':
      return addDays(day, 1 - weekday(day));
    case 'month':
      return `${y}-${String(m).padStart(2, '0')}`;
    case 'quarter':
      return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
    case 'year':
      return String(y);
  }
}

/** The first and last day of a bucket. */
export function bucketDays(key: string, bucket: Bucket): DayRange {
  switch (bucket) {
    case 'day':
      return { from: key, to: key };
    case 'week':
      return { from: key, to: addDays(key, 6) };
    case 'month': {
      const from = `${key}-01`;
      return { from, to: addDays(addMonths(from, 1), -1) };
    }
    case 'quarter': {
      const [year, quarter] = key.split('-Q').map(Number);
      const from = `${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
      return { from, to: addDays(addMonths(from, 3), -1) };
    }
    case 'year':
      return { from: `${key}-01-01`, to: `${key}-12-31` };
  }
}

/** Every bucket from the one holding `from` to the one holding `to`, in order (none when to < from). */
export function bucketsBetween(range: DayRange, bucket: Bucket, limit = Infinity): string[] {
  const keys: string[] = [];
  if (range.to < range.from) return keys;
  let key = bucketKey(range.from, bucket);
  const last = bucketKey(range.to, bucket);
  while (keys.length < limit) {
    keys.push(key);
    if (key === last) break;
    key = bucketKey(addDays(bucketDays(key, bucket).to, 1), bucket);
  }
  return keys;
}

/** How many buckets a range spans, without listing them. */
export function bucketCount(range: DayRange, bucket: Bucket): number {
  if (range.to < range.from) return 0;
  const [fy, fm] = parts(range.from);
  const [ty, tm] = parts(range.to);
  switch (bucket) {
    case 'day':
      return daysBetween(range.from, range.to) + 1;
    case 'week':
      return daysBetween(bucketKey(range.from, 'week'), bucketKey(range.to, 'week')) / 7 + 1;
    case 'month':
      return (ty - fy) * 12 + (tm - fm) + 1;
    case 'quarter':
      return (ty - fy) * 4 + Math.floor((tm - 1) / 3) - Math.floor((fm - 1) / 3) + 1;
    case 'year':
      return ty - fy + 1;
  }
}

/** ISO week number and its year (the year of the week's Thursday). */
function isoWeek(monday: string): { year: number; week: number } {
  const thursday = addDays(monday, 3);
  const year = parts(thursday)[0];
  return { year, week: Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1 };
}

/** A bucket as people read it. */
export function bucketLabel(key: string, bucket: Bucket, locale: Locale): string {
  const zh = locale === 'zh-CN';
  switch (bucket) {
    case 'day':
      return key;
    case 'week': {
      const { year, week } = isoWeek(key);
      return zh ? `${year}年第${week}周（${key.slice(5)}起）` : `${year}-W${String(week).padStart(2, '0')} (from ${key.slice(5)})`;
    }
    case 'month': {
      const [year, month] = key.split('-').map(Number);
      if (zh) return `${year}年${month}月`;
      return `${new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)))} ${year}`;
    }
    case 'quarter': {
      const [year, quarter] = key.split('-Q');
      return zh ? `${year}年第${quarter}季度` : `Q${quarter} ${year}`;
    }
    case 'year':
      return zh ? `${key}年` : key;
  }
}

/** The days a preset covers, seen from `now` in the zone. */
export function presetRange(preset: DatePreset, now: Date, timeZone: string): DayRange {
  const today = dayIn(now, timeZone);
  const of = (bucket: Bucket, shift = 0): DayRange => {
    let key = bucketKey(today, bucket);
    for (let i = 0; i < -shift; i++) key = bucketKey(addDays(bucketDays(key, bucket).from, -1), bucket);
    return bucketDays(key, bucket);
  };
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'thisWeek':
      return of('week');
    case 'thisMonth':
      return of('month');
    case 'lastMonth':
      return of('month', -1);
    case 'thisQuarter':
      return of('quarter');
    case 'lastQuarter':
      return of('quarter', -1);
    case 'thisYear':
      return of('year');
    case 'lastYear':
      return of('year', -1);
    case 'last7Days':
      return { from: addDays(today, -6), to: today };
    case 'last30Days':
      return { from: addDays(today, -29), to: today };
    case 'last12Months':
      // The current month and the eleven before it, whole.
      return { from: addMonths(bucketDays(bucketKey(today, 'month'), 'month').from, -11), to: bucketDays(bucketKey(today, 'month'), 'month').to };
  }
}

/**
 * The period just before a range, for "change against the previous period": as many whole
 * months (quarters, years) before when the range is whole months, else as many days before.
 */
export function previousRange(range: DayRange): DayRange {
  const [fy, fm, fd] = parts(range.from);
  const next = addDays(range.to, 1);
  const [ny, nm, nd] = parts(next);
  if (fd === 1 && nd === 1) {
    const months = (ny - fy) * 12 + (nm - fm);
    return { from: addMonths(range.from, -months), to: addDays(range.from, -1) };
  }
  const days = daysBetween(range.from, range.to) + 1;
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}
