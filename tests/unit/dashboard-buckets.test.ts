import { describe, expect, it } from 'vitest';
import { bucketCount, bucketDays, bucketKey, bucketLabel, bucketsBetween, dayIn, dayStart, presetRange, previousRange } from '@/lib/dashboards/time-buckets';

describe('date buckets', () => {
  it('starts weeks on Monday, also across a year end', () => {
    expect(bucketKey('2026-11-23', 'week')).toBe('2026-11-23'); // a Monday
    expect(bucketKey('2026-11-29', 'week')).toBe('2026-11-23'); // its Sunday
    expect(bucketKey('2026-11-30', 'week')).toBe('2026-11-30');
    expect(bucketKey('2027-01-01', 'week')).toBe('2026-12-28'); // a Friday: the week began in December
    expect(bucketDays('2026-12-28', 'week')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(bucketLabel('2026-12-28', 'week', 'en')).toBe('2026-W53 (from 12-28)');
    expect(bucketLabel('2027-01-04', 'week', 'zh-CN')).toBe('2027年第1周（01-04起）');
  });

  it('keys and bounds months, quarters and years (leap years included)', () => {
    expect(bucketKey('2028-02-29', 'month')).toBe('2028-02');
    expect(bucketDays('2028-02', 'month')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(bucketDays('2026-02', 'month')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(bucketKey('2026-11-23', 'quarter')).toBe('2026-Q4');
    expect(bucketDays('2026-Q4', 'quarter')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(bucketDays('2026', 'year')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(bucketLabel('2026-11', 'month', 'zh-CN')).toBe('2026年11月');
    expect(bucketLabel('2026-11', 'month', 'en')).toBe('Nov 2026');
    expect(bucketLabel('2026-Q4', 'quarter', 'en')).toBe('Q4 2026');
  });

  it('lists every bucket of a range in order, empty ones included', () => {
    expect(bucketsBetween({ from: '2025-11-15', to: '2026-02-03' }, 'month')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(bucketsBetween({ from: '2026-11-26', to: '2026-12-08' }, 'week')).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
    expect(bucketsBetween({ from: '2026-02-03', to: '2026-02-01' }, 'day')).toEqual([]);
    for (const bucket of ['day', 'week', 'month', 'quarter', 'year'] as const) {
      const range = { from: '2024-12-30', to: '2026-03-02' };
      expect(bucketCount(range, bucket), bucket).toBe(bucketsBetween(range, bucket).length);
    }
  });

  it('reads instants in the company zone: the same moment is another day in Shanghai than in UTC', () => {
    const moment = new Date('2026-11-30T16:30:00Z');
    expect(dayIn(moment, 'Asia/Shanghai')).toBe('2026-12-01');
    expect(dayIn(moment, 'UTC')).toBe('2026-11-30');
    expect(dayStart('2026-12-01', 'Asia/Shanghai').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(dayStart('2026-12-01', 'UTC').toISOString()).toBe('2026-12-01T00:00:00.000Z');
    // A zone that changes its offset: midnight after the change.
    expect(dayStart('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(dayStart('2026-03-07', 'America/New_York').toISOString()).toBe('2026-03-07T05:00:00.000Z');
  });

  it('turns presets into days seen from now in the zone', () => {
    // 2026-11-30 20:00 UTC is already December 1st in Shanghai.
    const now = new Date('2026-11-30T20:00:00Z');
    expect(presetRange('thisMonth', now, 'Asia/Shanghai')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetRange('thisMonth', now, 'UTC')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetRange('lastMonth', now, 'Asia/Shanghai')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetRange('lastQuarter', now, 'Asia/Shanghai')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(presetRange('thisYear', now, 'Asia/Shanghai')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(presetRange('last12Months', now, 'Asia/Shanghai')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(presetRange('last7Days', now, 'Asia/Shanghai')).toEqual({ from: '2026-11-25', to: '2026-12-01' });
    expect(presetRange('thisWeek', now, 'Asia/Shanghai')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
  });

  it('finds the period before: whole months stay whole, other ranges shift by their length', () => {
    expect(previousRange({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(previousRange({ from: '2026-10-01', to: '2026-12-31' })).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(previousRange({ from: '2026-11-10', to: '2026-11-16' })).toEqual({ from: '2026-11-03', to: '2026-11-09' });
  });
});
