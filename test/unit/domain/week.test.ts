import { describe, expect, it } from 'vitest';
import { isTimeZone, lastCompleteWeekStart, localDate, mondayOf, weekStartOf, weeksBefore } from '../../../src/domain/week.ts';

describe('weeks in a time zone', () => {
  it('starts a Shanghai week on Monday 00:00 Shanghai time, Sunday 16:00 UTC', () => {
    // Sunday 23:30 in Shanghai (15:30 UTC) is the week before; Monday 07:00 in Shanghai (Sunday 23:00 UTC) is the new one.
    expect(weekStartOf(new Date('2026-11-29T15:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(weekStartOf(new Date('2026-11-29T23:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-30');
    expect(weekStartOf(new Date('2026-11-29T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(weekStartOf(new Date('2026-11-29T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-30');
  });

  it('gives UTC weeks in UTC, where both of those instants are still Sunday', () => {
    expect(weekStartOf(new Date('2026-11-29T15:30:00Z'), 'UTC')).toBe('2026-11-23');
    expect(weekStartOf(new Date('2026-11-29T23:00:00Z'), 'UTC')).toBe('2026-11-23');
    expect(weekStartOf(new Date('2026-11-30T00:00:00Z'), 'UTC')).toBe('2026-11-30');
  });

  it('follows daylight saving time where the zone has it', () => {
    // New York, Monday 2026-03-09 00:30 EDT (-04:00) is 04:30 UTC; the Sunday before at 23:30 EDT is 03:30 UTC.
    expect(weekStartOf(new Date('2026-03-09T04:30:00Z'), 'America/New_York')).toBe('2026-03-09');
    expect(weekStartOf(new Date('2026-03-09T03:30:00Z'), 'America/New_York')).toBe('2026-03-02');
  });

  it('finds the last complete week, the local date and Mondays', () => {
    expect(lastCompleteWeekStart(new Date('2026-12-05T22:00:00Z'), 'UTC')).toBe('2026-11-23');
    // Monday 00:30 in Shanghai: the week that just ended is the one before this Monday.
    expect(lastCompleteWeekStart(new Date('2026-11-29T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(lastCompleteWeekStart(new Date('2026-11-29T16:30:00Z'), 'UTC')).toBe('2026-11-16');
    expect(localDate(new Date('2026-11-29T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-30');
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(weeksBefore('2026-11-16', 11)).toBe('2026-08-31');
    expect(weeksBefore('2026-01-05', 1)).toBe('2025-12-29');
  });

  it('knows real zones only', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
