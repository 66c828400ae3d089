import { describe, expect, it } from 'vitest';
import { DEADLINE_METRIC_STATES, DeadlineTally, deadlineMetricState } from '../../../src/cases/deadline-tally.ts';
import { caseDeadlines, deadlineSettingsFor } from '../../../src/cases/deadlines.ts';
import { DEADLINE_STATES, type DeadlineState } from '../../../src/domain/case.ts';
import { DeadlinesPolicySchema } from '../../../src/rules/rule-schema.ts';
import { complaintCase, riskCase } from './case-fixture.ts';

const H = 3_600_000;
const settings = deadlineSettingsFor(DeadlinesPolicySchema.parse({}), '建设银行');
const state = (s: DeadlineState['state']): DeadlineState => ({
  name: 'first_response', state: s, owner: 'agency', startedAt: null, dueAt: null, metAt: null, used: null, remainingMs: null, threshold: null,
});

describe('a deadline in the metric', () => {
  it('is due, warning or critical while it runs; overdue past due on an open case, missed on a closed one', () => {
    expect(deadlineMetricState(state('running'), 'received')).toBe('due');
    expect(deadlineMetricState(state('warning'), 'received')).toBe('warning');
    expect(deadlineMetricState(state('critical'), 'received')).toBe('critical');
    expect(deadlineMetricState(state('breached'), 'investigating')).toBe('overdue');
    expect(deadlineMetricState(state('breached'), 'closed')).toBe('missed');
    expect(deadlineMetricState(state('breached'), 'dismissed')).toBe('missed');
    expect(deadlineMetricState(state('met'), 'closed')).toBe('met');
    expect(deadlineMetricState(state('met_late'), 'explained')).toBe('met_late');
  });

  it('is not counted before its clock starts or when its case closed without needing it', () => {
    expect(deadlineMetricState(state('pending'), 'received')).toBeNull();
    expect(deadlineMetricState(state('not_applicable'), 'closed')).toBeNull();
    // Every state of the procedure has an answer, each a state of the metric or none.
    for (const s of DEADLINE_STATES) expect([...DEADLINE_METRIC_STATES, null]).toContain(deadlineMetricState(state(s), 'open'));
  });
});

describe('the tally', () => {
  it('adds up deadlines by case kind, status, deadline and state, leaving out the uncounted', () => {
    const received = new Date('2026-03-02T00:00:00Z');
    const at = new Date(received.getTime() + 30 * H);
    const tally = new DeadlineTally();
    for (const c of [complaintCase({ id: 1, receivedAt: received }), complaintCase({ id: 2, receivedAt: received })]) tally.add(c, caseDeadlines(c, settings, at));
    const risk = riskCase({ id: 3, openedAt: new Date(at.getTime() - 10 * H) });
    tally.add(risk, caseDeadlines(risk, settings, at));
    expect(tally.rows()).toEqual([
      { kind: 'complaint', status: 'received', deadline: 'first_response', state: 'overdue', n: 2 },
      { kind: 'complaint', status: 'received', deadline: 'regulator', state: 'due', n: 2 },
      { kind: 'risk', status: 'open', deadline: 'risk_review', state: 'due', n: 1 },
    ]);
  });
});
