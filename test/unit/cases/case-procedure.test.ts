import { describe, expect, it } from 'vitest';
import {
  allowedTransitions, findStep, ForbiddenCaseActionError, IllegalCaseTransitionError, InvalidTransitionDetailError,
  MissingTransitionDetailError, planTransition, PROCEDURE, type TransitionDetails, type TransitionField,
} from '../../../src/cases/case-procedure.ts';
import { caseDeadlines, deadlineSettingsFor } from '../../../src/cases/deadlines.ts';
import { CASE_KINDS, COMPLAINT_CASE_STATUSES, RISK_CASE_STATUSES, type Case, type CaseStatus } from '../../../src/domain/case.ts';
import { ROLES } from '../../../src/domain/role.ts';
import { DeadlinesPolicySchema } from '../../../src/rules/rule-schema.ts';
import type { CaseTransitionPatch } from '../../../src/store/repositories/cases-repository.ts';
import { complaintCase, riskCase } from './case-fixture.ts';

const H = 3_600_000;
const received = new Date('2026-03-02T00:00:00Z');
const at = new Date(received.getTime() + 2 * H);
const supervisor = { actor: 'sup', role: 'supervisor' as const, at };

/** A valid value for every detail a step may require. */
const VALID: Required<Omit<TransitionDetails, 'note' | 'complainantContact'>> = {
  reason: '录音核实',
  complainantName: '陈先生',
  complainantRelation: 'borrower',
  complaintChannel: 'phone',
  complainantRequest: '要求道歉',
  promisedResponseAt: new Date(received.getTime() + 20 * H),
  callIds: [],
  contact: { at: new Date(received.getTime() + H), by: '张主管', channel: 'phone', summary: '已向借款人说明调查进展' },
  solutionText: '催收员停岗培训并致歉',
  solutionDueAt: new Date(received.getTime() + 72 * H),
  outcome: 'founded',
  causeAnalysis: '催收员情绪失控',
  followUpCallId: 'call-back',
  followUpNote: '借款人表示满意',
};
const detailsFor = (fields: readonly TransitionField[]): TransitionDetails => Object.fromEntries(fields.map((f) => [f, VALID[f as keyof typeof VALID]]));
const caseIn = (kind: Case['kind'], status: CaseStatus) => (kind === 'risk' ? riskCase({ status }) : complaintCase({ status }));
const statusesOf = (kind: Case['kind']): readonly CaseStatus[] => (kind === 'risk' ? RISK_CASE_STATUSES : COMPLAINT_CASE_STATUSES);

describe('the declared procedure table', () => {
  it('names only states of its kind, and every state but a final one has a way out', () => {
    for (const step of PROCEDURE) {
      expect(statusesOf(step.kind)).toContain(step.to);
      for (const from of step.from) expect(statusesOf(step.kind)).toContain(from);
    }
    expect(allowedTransitions('risk', 'dismissed')).toEqual([]);
    expect(allowedTransitions('complaint', 'closed')).toEqual(['investigating']); // reopen
    for (const s of COMPLAINT_CASE_STATUSES) expect(allowedTransitions('complaint', s).length).toBeGreaterThan(0);
  });

  it('an unfounded complaint still goes through reported_to_bank and followed_up before it closes', () => {
    expect(allowedTransitions('complaint', 'resolved')).toEqual(['reported_to_bank']);
    expect(allowedTransitions('complaint', 'reported_to_bank')).toEqual(['followed_up']);
    expect(allowedTransitions('complaint', 'followed_up')).toEqual(['closed']);
  });

  for (const kind of CASE_KINDS) {
    for (const from of statusesOf(kind)) {
      for (const to of statusesOf(kind)) {
        const step = findStep(kind, from, to);
        if (step) continue;
        it(`refuses ${kind} ${from} → ${to}`, () => {
          expect(() => planTransition(caseIn(kind, from), to, supervisor, detailsFor([...PROCEDURE.flatMap((s) => s.required)]))).toThrow(IllegalCaseTransitionError);
        });
      }
    }
  }

  for (const step of PROCEDURE) {
    const from = step.from[0]!;
    for (const field of step.required) {
      it(`${step.action} (${from} → ${step.to}) refuses a missing ${field}`, () => {
        const details = detailsFor(step.required.filter((f) => f !== field));
        let error: unknown;
        try {
          planTransition(caseIn(step.kind, from), step.to, supervisor, details);
        } catch (err) {
          error = err;
        }
        expect(error).toBeInstanceOf(MissingTransitionDetailError);
        expect((error as MissingTransitionDetailError).fields).toEqual([field]);
      });
    }
    for (const role of ROLES.filter((r) => !step.roles.includes(r))) {
      it(`${step.action} is refused to ${role}`, () => {
        expect(() => planTransition(caseIn(step.kind, from), step.to, { ...supervisor, role }, detailsFor(step.required))).toThrow(ForbiddenCaseActionError);
      });
    }
  }

  it('each step starts and stops the clocks the table says (the deadlines module agrees)', () => {
    const settings = deadlineSettingsFor(DeadlinesPolicySchema.parse({}), 'x');
    const running = (c: Case, name: string) => {
      const d = caseDeadlines(c, settings, at).find((x) => x.name === name)!;
      return ['running', 'warning', 'critical', 'breached'].includes(d.state);
    };
    for (const step of PROCEDURE) {
      const before = caseIn(step.kind, step.from[0]!);
      // The clocks the step stops run before it (started by earlier steps' columns).
      const started: Partial<Case> = { acceptedAt: received, solutionProposedAt: received, solutionDueAt: new Date(received.getTime() + 90 * H), resolvedAt: null, reportedToBankAt: null };
      if (step.action === 'report_to_bank') Object.assign(started, { resolvedAt: received });
      if (step.action === 'follow_up') Object.assign(started, { reportedToBankAt: received, resolvedAt: received });
      const current = { ...before, ...(step.kind === 'complaint' ? started : {}) };
      const plan = planTransition(current, step.to, supervisor, { ...detailsFor(step.required), outcome: 'unfounded' });
      const after = applyPatch(current, plan.patch, plan.contact);
      for (const name of step.stops) {
        expect(running(current, name), `${step.action}: ${name} runs before`).toBe(true);
        expect(running(after, name), `${step.action}: ${name} stopped after`).toBe(false);
      }
      for (const name of step.starts) {
        expect(running(after, name), `${step.action}: ${name} runs after`).toBe(true);
      }
    }
  });
});

/** What changeCaseStatus writes, in memory: the patch, and a contact's effect on the clocks. */
function applyPatch(c: Case, patch: CaseTransitionPatch, contact: { party: string; at: Date } | null): Case {
  const next = { ...c, ...patch } as Case;
  if (contact?.party === 'borrower' && !next.firstResponseAt) next.firstResponseAt = contact.at;
  if (contact?.party === 'bank' && !next.bankNotifiedAt) next.bankNotifiedAt = contact.at;
  return next;
}

describe('details a step checks beyond their presence', () => {
  it('resolving straight after the explanation is only for an unfounded complaint', () => {
    const explained = complaintCase({ status: 'explained' });
    expect(() => planTransition(explained, 'resolved', supervisor, { outcome: 'founded', causeAnalysis: '核实属实' })).toThrow(InvalidTransitionDetailError);
    expect(planTransition(explained, 'resolved', supervisor, { outcome: 'unfounded', causeAnalysis: '录音无违规' }).patch).toMatchObject({ outcome: 'unfounded', resolvedAt: at });
  });

  it('refuses a promised response before receipt, a solution deadline in the past, a contact in the future', () => {
    expect(() => planTransition(complaintCase(), 'accepted', supervisor, { ...detailsFor(['complainantName', 'complainantRelation', 'complaintChannel', 'complainantRequest']), promisedResponseAt: new Date(received.getTime() - H) })).toThrow(/promised response/);
    expect(() => planTransition(complaintCase({ status: 'explained' }), 'solution_proposed', supervisor, { solutionText: 'x', solutionDueAt: new Date(at.getTime() - 1) })).toThrow(/future/);
    expect(() => planTransition(complaintCase({ status: 'investigating' }), 'explained', supervisor, { contact: { ...VALID.contact, at: new Date(at.getTime() + H) } })).toThrow(/future/);
    expect(() => planTransition(complaintCase({ status: 'investigating' }), 'explained', supervisor, { contact: { ...VALID.contact, summary: '   ' } })).toThrow(MissingTransitionDetailError);
  });

  it('reopening takes the steps after the investigation again and keeps the outcome until resolved anew', () => {
    const closed = complaintCase({ status: 'closed', closedAt: at, resolvedAt: at, reportedToBankAt: at, followedUpAt: at, outcome: 'unfounded' });
    const plan = planTransition(closed, 'investigating', supervisor, { reason: '借款人提供新证据' });
    expect(plan.patch).toMatchObject({ status: 'investigating', closedAt: null, resolvedAt: null, reportedToBankAt: null, followedUpAt: null, reopenedAt: at });
    expect(plan.eventBody).toMatchObject({ action: 'reopen', reason: '借款人提供新证据' });
  });
});
