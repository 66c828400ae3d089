import { describe, expect, it } from 'vitest';
import { slaDueAt } from '../../../src/cases/sla.ts';

describe('the due time stored on a case', () => {
  it('runs in calendar hours from the clock start, and refuses non-positive hours', () => {
    expect(slaDueAt(new Date('2026-03-07T22:00:00Z'), 24).toISOString()).toBe('2026-03-08T22:00:00.000Z');
    expect(() => slaDueAt(new Date(0), 0)).toThrow(RangeError);
  });
});
