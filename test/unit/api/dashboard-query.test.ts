import { describe, expect, it } from 'vitest';
import { dashboardFilter } from '../../../src/api/dashboard-query.ts';

describe('dashboard query helpers', () => {
  it("takes the bank scope from the user, never from the query", () => {
    expect(dashboardFilter({ banks: ['A'] }, { bank: 'B', team: '' })).toEqual({ banks: ['A'], bank: 'B', team: '' });
    expect(dashboardFilter({ banks: null }, {})).toEqual({ banks: null });
  });
});
