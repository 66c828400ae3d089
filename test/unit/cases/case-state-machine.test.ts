import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type CaseStatus } from '../../../src/domain/case.ts';
import {
  CASE_TRANSITIONS,
  IllegalCaseTransitionError,
  MissingTransitionDetailError,
  planTransition,
  type TransitionDetails,
} from '../../../src/cases/case-state-machine.ts';

const at = new Date('2026-03-02T10:00:00Z');
const by = { actor: 'sup1', at };
const full: TransitionDetails = { reason: 'not at fault', resolution: 'explained the fee', followUpNote: 'borrower satisfied', followUpCallId: 'c9' };

const LEGAL: [CaseStatus, CaseStatus][] = [
  ['open', 'investigating'],
  ['investigating', 'confirmed'],
  ['investigating', 'dismissed'],
  ['confirmed', 'reported_to_bank'],
  ['reported_to_bank', 'resolved'],
  ['resolved', 'followed_up'],
];

describe('case state machine', () => {
  it('has exactly the documented transitions', () => {
    const table = Object.entries(CASE_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => [from, to]));
    expect(table.sort()).toEqual([...LEGAL].sort());
  });

  const pairs = CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s is legal exactly when the table says so', (from, to) => {
    const legal = LEGAL.some(([f, t]) => f === from && t === to);
    const run = () => planTransition({ id: 7, status: from, firstResponseAt: null }, to, by, full);
    if (legal) {
      const plan = run();
      expect(plan).toMatchObject({ from, to, patch: { status: to } });
    } else {
      let error: unknown;
      try {
        run();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(IllegalCaseTransitionError);
      const e = error as IllegalCaseTransitionError;
      expect(e).toMatchObject({ caseId: 7, from, to, allowed: CASE_TRANSITIONS[from] });
      expect(e.message).toContain(CASE_TRANSITIONS[from].length ? CASE_TRANSITIONS[from].join(', ') : 'final state');
    }
  });

  it('stops the SLA clock when the case leaves open, and only then', () => {
    expect(planTransition({ id: 1, status: 'open', firstResponseAt: null }, 'investigating', by).patch.firstResponseAt).toBe(at);
    expect(planTransition({ id: 1, status: 'investigating', firstResponseAt: at }, 'confirmed', by).patch).not.toHaveProperty('firstResponseAt');
  });

  it('records who reported to the bank and when, the resolution, the follow-up, and closes final states', () => {
    expect(planTransition({ id: 1, status: 'confirmed', firstResponseAt: at }, 'reported_to_bank', by).patch).toEqual({
      status: 'reported_to_bank', reportedToBankAt: at, reportedToBankBy: 'sup1',
    });
    expect(planTransition({ id: 1, status: 'reported_to_bank', firstResponseAt: at }, 'resolved', by, full).patch).toEqual({
      status: 'resolved', resolvedAt: at, resolution: 'explained the fee',
    });
    const followUp = planTransition({ id: 1, status: 'resolved', firstResponseAt: at }, 'followed_up', by, full);
    expect(followUp.patch).toEqual({ status: 'followed_up', followedUpAt: at, followUpNote: 'borrower satisfied', followUpCallId: 'c9', closedAt: at });
    expect(followUp.eventBody).toMatchObject({ followUpNote: 'borrower satisfied', followUpCallId: 'c9' });
    expect(planTransition({ id: 1, status: 'investigating', firstResponseAt: at }, 'dismissed', by, full).patch.closedAt).toBe(at);
  });

  it.each([
    ['investigating', 'dismissed', 'reason'],
    ['reported_to_bank', 'resolved', 'resolution'],
    ['resolved', 'followed_up', 'followUpNote'],
  ] as const)('%s → %s requires %s', (from, to, field) => {
    const run = (d: TransitionDetails) => planTransition({ id: 1, status: from, firstResponseAt: at }, to, by, d);
    expect(() => run({})).toThrow(MissingTransitionDetailError);
    expect(() => run({ [field]: '   ' })).toThrow(new RegExp(`requires ${field}`));
    expect(run({ [field]: 'given' }).to).toBe(to);
  });
});
