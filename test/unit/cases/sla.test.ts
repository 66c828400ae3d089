import { describe, expect, it } from 'vitest';
import { isOverdue, slaDueAt, slaState } from '../../../src/cases/sla.ts';

const opened = new Date('2026-03-01T22:00:00+08:00');
const due = slaDueAt(opened, 24);

describe('SLA clock', () => {
  it('runs in calendar hours from the clock start', () => {
    expect(due.toISOString()).toBe('2026-03-02T14:00:00.000Z');
    expect(slaDueAt(opened, 1.5).getTime() - opened.getTime()).toBe(90 * 60_000);
    expect(() => slaDueAt(opened, 0)).toThrow(RangeError);
  });

  it('is due, then overdue, while nobody responds', () => {
    const c = { slaDueAt: due, firstResponseAt: null };
    expect(slaState(c, new Date(due.getTime() - 60_000))).toEqual({ state: 'due', dueAt: due, remainingMs: 60_000 });
    expect(slaState(c, due)).toMatchObject({ state: 'due', remainingMs: 0 });
    expect(slaState(c, new Date(due.getTime() + 1))).toEqual({ state: 'overdue', dueAt: due, overdueMs: 1 });
    expect(isOverdue(c, new Date(due.getTime() + 1))).toBe(true);
  });

  it('is met or missed once answered, whatever the time now', () => {
    const late = new Date(due.getTime() + 3_600_000);
    expect(slaState({ slaDueAt: due, firstResponseAt: due }, late)).toEqual({ state: 'met', dueAt: due, respondedAt: due });
    expect(slaState({ slaDueAt: due, firstResponseAt: late }, late)).toEqual({ state: 'missed', dueAt: due, respondedAt: late, lateMs: 3_600_000 });
    expect(isOverdue({ slaDueAt: due, firstResponseAt: late }, late)).toBe(false);
  });
});
