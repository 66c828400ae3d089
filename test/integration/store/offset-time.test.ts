import { describe, expect, it } from 'vitest';
import { formatWithOffset, parseUtcOffsetMinutes } from '../../../src/store/offset-time.ts';

// Pure helpers of the calls repository (kept beside its tests): a call's local time round-trips.
describe('offset time', () => {
  it.each([
    ['2026-03-01T21:30:00+08:00', 480],
    ['2026-03-01T21:30:00+0800', 480],
    ['2026-03-01T21:30:00Z', 0],
    ['2026-03-01T06:15:00-03:30', -210],
    ['2026-03-01T06:15:00+05:45', 345],
  ])('%s has offset %i minutes', (iso, minutes) => {
    expect(parseUtcOffsetMinutes(iso)).toBe(minutes);
  });

  it('refuses a timestamp without offset', () => {
    expect(() => parseUtcOffsetMinutes('2026-03-01T21:30:00')).toThrow(/no UTC offset/);
  });

  it('writes the instant in local time at the offset, across a date line, with milliseconds when present', () => {
    expect(formatWithOffset(new Date('2026-03-01T13:30:00Z'), 480)).toBe('2026-03-01T21:30:00+08:00');
    expect(formatWithOffset(new Date('2026-03-01T02:00:00Z'), -300)).toBe('2026-02-28T21:00:00-05:00');
    expect(formatWithOffset(new Date('2026-03-01T00:30:00.250Z'), -210)).toBe('2026-02-28T21:00:00.250-03:30');
    expect(formatWithOffset(new Date('2026-03-01T00:00:00Z'), 0)).toBe('2026-03-01T00:00:00+00:00');
    const iso = '2026-12-31T23:59:59+05:45';
    expect(formatWithOffset(new Date(iso), parseUtcOffsetMinutes(iso))).toBe(iso);
  });
});
