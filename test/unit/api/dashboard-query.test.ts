import { describe, expect, it } from 'vitest';
import { dashboardFilter, weekOf, weeksBefore } from '../../../src/api/dashboard-query.ts';

describe('dashboard query helpers', () => {
  it('gives the Monday of an instant\'s UTC week', () => {
    expect(weekOf(new Date('2026-11-20T12:00:00Z'))).toBe('2026-11-16');
    expect(weekOf(new Date('2026-11-16T00:00:00Z'))).toBe('2026-11-16');
    expect(weekOf(new Date('2026-11-15T23:59:59Z'))).toBe('2026-11-09');
  });

  it('counts weeks back from a Monday', () => {
    expect(weeksBefore('2026-11-16', 11)).toBe('2026-08-31');
    expect(weeksBefore('2026-01-05', 1)).toBe('2025-12-29');
  });

  it("takes the bank scope from the user, never from the query", () => {
    expect(dashboardFilter({ banks: ['A'] }, { bank: 'B', team: '' })).toEqual({ banks: ['A'], bank: 'B', team: '' });
    expect(dashboardFilter({ banks: null }, {})).toEqual({ banks: null });
  });
});
