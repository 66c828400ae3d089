import { describe, expect, it } from 'vitest';
import { caseDeadlines, deadlineSettingsFor, deadlineState, nearestDeadline, thresholdReached } from '../../../src/cases/deadlines.ts';
import { DeadlinesPolicySchema } from '../../../src/rules/rule-schema.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { complaintCase, riskCase } from './case-fixture.ts';

const H = 3_600_000;
const policy = DeadlinesPolicySchema.parse({ banks: { 中国建设银行: { report_to_bank_hours: 1 }, 招商银行: { warn_at: [0.5] } } });
const settings = deadlineSettingsFor(policy, '中国建设银行');
const received = new Date('2026-03-02T00:00:00Z');

describe('deadline settings per bank', () => {
  it('takes the bank\'s overrides over the defaults, found under any of its names', () => {
    expect(settings).toMatchObject({ first_response_hours: 24, report_to_bank_hours: 1, warn_at: [0.75, 0.9], regulator_days: 15 });
    expect(deadlineSettingsFor(policy, '建设银行', ['中国建设银行', '建行']).report_to_bank_hours).toBe(1);
    expect(deadlineSettingsFor(policy, '工商银行').report_to_bank_hours).toBe(2);
  });

  it('refuses thresholds that are not increasing or not below 1', () => {
    expect(DeadlinesPolicySchema.safeParse({ default: { warn_at: [0.9, 0.75] } }).success).toBe(false);
    expect(DeadlinesPolicySchema.safeParse({ default: { warn_at: [0.75, 1] } }).success).toBe(false);
    expect(DeadlinesPolicySchema.safeParse({ banks: { X: { first_response_hours: -1 } } }).success).toBe(false);
    expect(DeadlinesPolicySchema.safeParse({ default: { unknown_key: 1 } }).success).toBe(false);
  });
});

describe('the first response', () => {
  const clock = new ManualClock(received);
  const state = () => deadlineState('first_response', complaintCase(), settings, clock.now());

  it('runs from receipt, warns at 75 %, is critical at 90 % and breached at 100 %: 23 h and 7 h left look different', () => {
    clock.set(new Date(received.getTime() + 1 * H));
    expect(state()).toMatchObject({ state: 'running', threshold: null, remainingMs: 23 * H, dueAt: new Date(received.getTime() + 24 * H) });
    clock.set(new Date(received.getTime() + 17 * H)); // 7 h left: 71 %
    expect(state()).toMatchObject({ state: 'running', remainingMs: 7 * H });
    clock.set(new Date(received.getTime() + 18 * H));
    expect(state()).toMatchObject({ state: 'warning', threshold: 0.75 });
    clock.set(new Date(received.getTime() + 21.6 * H));
    expect(state()).toMatchObject({ state: 'critical', threshold: 0.9 });
    clock.set(new Date(received.getTime() + 24 * H));
    expect(state()).toMatchObject({ state: 'breached', threshold: 1, remainingMs: 0 });
  });

  it('is met only by a contact with the borrower (firstResponseAt), not by the case moving on', () => {
    const moved = complaintCase({ status: 'investigating', acceptedAt: new Date(received.getTime() + H), investigatingAt: new Date(received.getTime() + 2 * H) });
    expect(deadlineState('first_response', moved, settings, new Date(received.getTime() + 25 * H)).state).toBe('breached');
    const answered = complaintCase({ firstResponseAt: new Date(received.getTime() + 5 * H) });
    expect(deadlineState('first_response', answered, settings, new Date(received.getTime() + 30 * H))).toMatchObject({ state: 'met', used: null });
    const late = complaintCase({ firstResponseAt: new Date(received.getTime() + 26 * H) });
    expect(deadlineState('first_response', late, settings, new Date(received.getTime() + 30 * H)).state).toBe('met_late');
  });
});

describe('the procedure\'s other clocks', () => {
  it('report to the bank starts at acceptance (per-bank hours) and is met by a contact with the bank', () => {
    const accepted = complaintCase({ status: 'accepted', acceptedAt: new Date(received.getTime() + H) });
    expect(deadlineState('report_to_bank', complaintCase(), settings, received).state).toBe('pending');
    expect(deadlineState('report_to_bank', accepted, settings, new Date(received.getTime() + 2 * H))).toMatchObject({ state: 'breached', dueAt: new Date(received.getTime() + 2 * H) });
    const told = { ...accepted, bankNotifiedAt: new Date(received.getTime() + 1.5 * H) };
    expect(deadlineState('report_to_bank', told, settings, new Date(received.getTime() + 9 * H)).state).toBe('met');
  });

  it('the solution is due when promised; the written report and follow-up run from the steps before them', () => {
    const proposed = complaintCase({ status: 'solution_proposed', solutionProposedAt: new Date(received.getTime() + 10 * H), solutionDueAt: new Date(received.getTime() + 50 * H) });
    expect(deadlineState('solution', proposed, settings, new Date(received.getTime() + 41 * H))).toMatchObject({ state: 'warning', threshold: 0.75 });
    const resolved = { ...proposed, status: 'resolved' as const, resolvedAt: new Date(received.getTime() + 40 * H) };
    expect(deadlineState('solution', resolved, settings, new Date(received.getTime() + 90 * H)).state).toBe('met');
    expect(deadlineState('written_report', resolved, settings, new Date(received.getTime() + 41 * H))).toMatchObject({ state: 'running', dueAt: new Date(received.getTime() + 112 * H) });
    expect(deadlineState('follow_up', resolved, settings, received).state).toBe('pending');
  });

  it('the regulator deadline is the bank\'s: 15 days from receipt, moved by an extension', () => {
    const c = complaintCase({ regulatorExtensionDays: 30 });
    expect(deadlineState('regulator', complaintCase(), settings, received)).toMatchObject({ owner: 'bank', dueAt: new Date(received.getTime() + 15 * 24 * H) });
    expect(deadlineState('regulator', c, settings, received).dueAt).toEqual(new Date(received.getTime() + 45 * 24 * H));
  });

  it('a risk case has only its review clock, longer than a complaint\'s first response', () => {
    const r = riskCase({ openedAt: received });
    const states = caseDeadlines(r, settings, new Date(received.getTime() + 24 * H));
    expect(states.map((d) => d.name)).toEqual(['risk_review']);
    expect(states[0]).toMatchObject({ state: 'running', dueAt: new Date(received.getTime() + 72 * H) });
    expect(deadlineState('risk_review', { ...r, status: 'escalated', reviewedAt: new Date(received.getTime() + 80 * H) }, settings, received).state).toBe('met_late');
  });

  it('a closed case has nothing running: unmet clocks are not applicable, or breached if they already were', () => {
    const closed = complaintCase({ status: 'closed', closedAt: new Date(received.getTime() + 30 * H), firstResponseAt: null });
    const states = caseDeadlines(closed, settings, new Date(received.getTime() + 400 * H));
    expect(states.find((d) => d.name === 'first_response')!.state).toBe('breached');
    expect(states.find((d) => d.name === 'regulator')!.state).toBe('not_applicable');
    expect(states.find((d) => d.name === 'solution')!.state).toBe('not_applicable');
  });

  it('one threshold configured: warning, then breach (no critical)', () => {
    const cmb = deadlineSettingsFor(policy, '招商银行');
    expect(thresholdReached(0.6, cmb.warn_at)).toBe(0.5);
    expect(deadlineState('first_response', complaintCase(), cmb, new Date(received.getTime() + 23 * H)).state).toBe('warning');
  });

  it('the nearest running agency deadline is what the list sorts by; the bank\'s is not', () => {
    const c = complaintCase({ status: 'accepted', acceptedAt: new Date(received.getTime() + H) });
    const nearest = nearestDeadline(caseDeadlines(c, settings, new Date(received.getTime() + 1.5 * H)));
    expect(nearest).toMatchObject({ name: 'report_to_bank' });
    expect(nearestDeadline(caseDeadlines(complaintCase({ status: 'closed', closedAt: received, firstResponseAt: received }), settings, received))).toBeNull();
  });
});
