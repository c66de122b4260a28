import { describe, expect, it } from 'vitest';
import { dateReminderAt, latestSlot, localDay, nextSlot, reminderDates, scheduleProblems, timeReached } from '@/lib/workflows/schedule';
import type { ScheduleSpec } from '@/lib/workflows/workflow.types';

const at = (iso: string) => new Date(iso);

describe('schedules in Asia/Shanghai (UTC+8, no daylight saving)', () => {
  const daily: ScheduleSpec = { frequency: 'daily', time: '09:00', timezone: 'Asia/Shanghai' };

  it('fires daily at 09:00 local, which is 01:00 UTC', () => {
    expect(nextSlot(daily, at('2026-11-23T00:30:00Z'))).toEqual({ at: at('2026-11-23T01:00:00Z'), id: '2026-11-23T09:00' });
    // Exactly at the slot: the next one is tomorrow's; the latest is this one.
    expect(nextSlot(daily, at('2026-11-23T01:00:00Z')).id).toBe('2026-11-24T09:00');
    expect(latestSlot(daily, at('2026-11-23T01:00:00Z'))?.id).toBe('2026-11-23T09:00');
    expect(latestSlot(daily, at('2026-11-23T00:59:59Z'))?.id).toBe('2026-11-22T09:00');
  });

  it('crosses the date line by the local day, not the UTC one', () => {
    // 23:30 UTC on the 22nd is 07:30 on the 23rd in Shanghai.
    expect(nextSlot(daily, at('2026-11-22T23:30:00Z')).id).toBe('2026-11-23T09:00');
  });

  it('fires weekly on the chosen weekdays', () => {
    const weekly: ScheduleSpec = { frequency: 'weekly', time: '18:30', weekdays: [1, 5], timezone: 'Asia/Shanghai' };
    // 2026-11-23 is a Monday.
    expect(nextSlot(weekly, at('2026-11-23T11:00:00Z')).id).toBe('2026-11-27T18:30');
    expect(nextSlot(weekly, at('2026-11-23T09:00:00Z')).at).toEqual(at('2026-11-23T10:30:00Z'));
  });

  it('fires monthly, on the last day of a month without the day', () => {
    const monthly: ScheduleSpec = { frequency: 'monthly', time: '08:00', monthDay: 31, timezone: 'Asia/Shanghai' };
    expect(nextSlot(monthly, at('2026-11-01T00:00:00Z')).id).toBe('2026-11-30T08:00');
    expect(nextSlot(monthly, at('2027-02-01T00:00:00Z')).id).toBe('2027-02-28T08:00');
    expect(nextSlot(monthly, at('2026-12-01T00:00:00Z')).id).toBe('2026-12-31T08:00');
  });
});

describe('schedules in America/New_York (daylight saving)', () => {
  const daily: ScheduleSpec = { frequency: 'daily', time: '09:00', timezone: 'America/New_York' };

  it('keeps 09:00 local across the spring change: 14:00 UTC before, 13:00 UTC after', () => {
    // Clocks go forward on 2026-03-08.
    expect(nextSlot(daily, at('2026-03-07T12:00:00Z'))).toEqual({ at: at('2026-03-07T14:00:00Z'), id: '2026-03-07T09:00' });
    expect(nextSlot(daily, at('2026-03-07T15:00:00Z'))).toEqual({ at: at('2026-03-08T13:00:00Z'), id: '2026-03-08T09:00' });
  });

  it('keeps 09:00 local across the autumn change', () => {
    // Clocks go back on 2026-11-01.
    expect(nextSlot(daily, at('2026-10-31T14:00:00Z')).at).toEqual(at('2026-11-01T14:00:00Z'));
    expect(nextSlot(daily, at('2026-10-30T12:00:00Z')).at).toEqual(at('2026-10-30T13:00:00Z'));
  });

  it('fires a time the spring change skips once, just after the gap', () => {
    const early: ScheduleSpec = { frequency: 'daily', time: '02:30', timezone: 'America/New_York' };
    const slot = nextSlot(early, at('2026-03-08T05:00:00Z'));
    expect(slot.id).toBe('2026-03-08T02:30');
    // 02:30 does not exist that night: it happens at 03:30 EDT (07:30 UTC).
    expect(slot.at).toEqual(at('2026-03-08T07:30:00Z'));
    expect(nextSlot(early, slot.at).id).toBe('2026-03-09T02:30');
  });

  it('fires a time the autumn change repeats once', () => {
    const early: ScheduleSpec = { frequency: 'daily', time: '01:30', timezone: 'America/New_York' };
    const slot = nextSlot(early, at('2026-11-01T04:00:00Z'));
    expect(slot.id).toBe('2026-11-01T01:30');
    expect(nextSlot(early, slot.at).id).toBe('2026-11-02T01:30');
  });
});

describe('date reminders', () => {
  it('fires N days before a date at a local time', () => {
    expect(dateReminderAt('2026-12-10', -3, '09:00', 'Asia/Shanghai')).toEqual(at('2026-12-07T01:00:00Z'));
    expect(dateReminderAt('2026-03-10', -3, '09:00', 'America/New_York')).toEqual(at('2026-03-07T14:00:00Z'));
    expect(dateReminderAt('2026-03-11', -3, '09:00', 'America/New_York')).toEqual(at('2026-03-08T13:00:00Z'));
  });

  it('turns the days whose reminders are due into the record dates to look for', () => {
    expect(reminderDates('2026-12-07', '2026-12-08', -3)).toEqual({ from: '2026-12-10', to: '2026-12-11' });
    expect(reminderDates('2026-12-07', '2026-12-07', 2)).toEqual({ from: '2026-12-05', to: '2026-12-05' });
  });

  it('knows the local day and whether its time has come', () => {
    expect(localDay(at('2026-11-22T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(timeReached(at('2026-11-23T00:59:00Z'), '09:00', 'Asia/Shanghai')).toBe(false);
    expect(timeReached(at('2026-11-23T01:00:00Z'), '09:00', 'Asia/Shanghai')).toBe(true);
  });
});

describe('schedule checks', () => {
  it('names what is wrong', () => {
    expect(scheduleProblems({ frequency: 'daily', time: '9:00', timezone: 'Mars/Base' })).toEqual([
      'schedule: time must be HH:mm (24-hour)',
      'schedule: "Mars/Base" is not a time zone (e.g. Asia/Shanghai)',
    ]);
    expect(scheduleProblems({ frequency: 'weekly', time: '09:00', timezone: 'UTC', weekdays: [] })).toHaveLength(1);
    expect(scheduleProblems({ frequency: 'monthly', time: '09:00', timezone: 'UTC', monthDay: 32 })).toHaveLength(1);
    expect(scheduleProblems({ frequency: 'daily', time: '23:59', timezone: 'Europe/Berlin' })).toEqual([]);
  });
});
