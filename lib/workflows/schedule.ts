import { DateTime, IANAZone } from 'luxon';
import type { ScheduleSpec } from '@/lib/workflows/workflow.types';

/**
 * When schedules and date reminders fall, always in a named time zone (luxon does the zone
 * arithmetic, daylight saving included): "daily at 09:00 Asia/Shanghai" is 01:00 UTC every day;
 * "daily at 09:00 America/New_York" moves by an hour in UTC twice a year. A local time that a
 * clock change skips (02:30 on the spring-forward night) happens at the first moment after it;
 * one that happens twice (the autumn night) fires at the first.
 */

export const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTimeZone(zone: unknown): zone is string {
  return typeof zone === 'string' && zone.length > 0 && IANAZone.isValidZone(zone);
}

function clock(time: string): { hour: number; minute: number } {
  const match = TIME.exec(time);
  if (!match) throw new Error(`time "${time}" must be HH:mm`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

export function scheduleProblems(spec: ScheduleSpec | undefined, where = 'schedule'): string[] {
  if (!spec || typeof spec !== 'object') return [`${where}: choose when it runs`];
  const problems: string[] = [];
  if (!['daily', 'weekly', 'monthly'].includes(spec.frequency)) problems.push(`${where}: frequency must be daily, weekly or monthly`);
  if (typeof spec.time !== 'string' || !TIME.test(spec.time)) problems.push(`${where}: time must be HH:mm (24-hour)`);
  if (!isTimeZone(spec.timezone)) problems.push(`${where}: "${String(spec.timezone)}" is not a time zone (e.g. Asia/Shanghai)`);
  if (spec.frequency === 'weekly' && (!Array.isArray(spec.weekdays) || spec.weekdays.length === 0 || spec.weekdays.some((day) => !Number.isInteger(day) || day < 1 || day > 7))) {
    problems.push(`${where}: choose the weekdays (1 = Monday … 7 = Sunday)`);
  }
  if (spec.frequency === 'monthly' && (!Number.isInteger(spec.monthDay) || spec.monthDay! < 1 || spec.monthDay! > 31)) problems.push(`${where}: the day of the month must be 1 to 31`);
  return problems;
}

/** Whether the schedule fires on this local day. */
function firesOn(spec: ScheduleSpec, day: DateTime): boolean {
  if (spec.frequency === 'weekly') return (spec.weekdays ?? []).includes(day.weekday);
  if (spec.frequency === 'monthly') return day.day === Math.min(spec.monthDay ?? 1, day.daysInMonth ?? 31);
  return true;
}

export interface Slot {
  /** The instant it fires. */
  at: Date;
  /** The local day and time it stands for, e.g. "2026-03-08T09:00": a slot's identity, whatever the offset. */
  id: string;
}

function slotOn(spec: ScheduleSpec, day: DateTime): Slot {
  const { hour, minute } = clock(spec.time);
  const local = day.set({ hour, minute, second: 0, millisecond: 0 });
  return { at: local.toJSDate(), id: `${day.toISODate()}T${spec.time}` };
}

/** The first slot strictly after `after`. */
export function nextSlot(spec: ScheduleSpec, after: Date): Slot {
  const start = DateTime.fromJSDate(after, { zone: spec.timezone }).startOf('day');
  for (let days = 0; days <= 62; days++) {
    const day = start.plus({ days });
    if (!firesOn(spec, day)) continue;
    const slot = slotOn(spec, day);
    if (slot.at.getTime() > after.getTime()) return slot;
  }
  throw new Error('the schedule never fires');
}

/** The latest slot at or before `now`, or null when there is none in the last 62 days. */
export function latestSlot(spec: ScheduleSpec, now: Date): Slot | null {
  const start = DateTime.fromJSDate(now, { zone: spec.timezone }).startOf('day');
  for (let days = 0; days <= 62; days++) {
    const day = start.minus({ days });
    if (!firesOn(spec, day)) continue;
    const slot = slotOn(spec, day);
    if (slot.at.getTime() <= now.getTime()) return slot;
  }
  return null;
}

/** The instant a date reminder fires: `offsetDays` from the record's date, at `time` in the zone. */
export function dateReminderAt(date: string, offsetDays: number, time: string, zone: string): Date | null {
  const day = DateTime.fromISO(date.slice(0, 10), { zone });
  if (!day.isValid) return null;
  const { hour, minute } = clock(time);
  return day.plus({ days: offsetDays }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/**
 * The record dates whose reminders fire from `fromDay` to `toDay` (local days, inclusive): the
 * same days moved back by the offset. Dates are stored "YYYY-MM-DD", so this is a range filter.
 */
export function reminderDates(fromDay: string, toDay: string, offsetDays: number): { from: string; to: string } {
  const shift = (day: string) => DateTime.fromISO(day, { zone: 'UTC' }).minus({ days: offsetDays }).toISODate()!;
  return { from: shift(fromDay), to: shift(toDay) };
}

/** The local day (YYYY-MM-DD) of an instant in a zone. */
export function localDay(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate()!;
}

/** Whether the local time of day has reached `time` on `at`'s local day. */
export function timeReached(at: Date, time: string, zone: string): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  const { hour, minute } = clock(time);
  return local.hour * 60 + local.minute >= hour * 60 + minute;
}

export function addDays(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toISODate()!;
}
