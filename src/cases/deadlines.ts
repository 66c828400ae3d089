import { bankNamesOf, findBankGroup, type BankGroup } from '../domain/bank-groups.ts';
import type { CaseDeadlineFacts, CaseKind, DeadlineName, DeadlineState, DeadlineStateName } from '../domain/case.ts';
import type { DeadlineSettings, DeadlinesPolicy } from '../rules/rule-schema.ts';

/**
 * The procedure's clocks and where each stands at `now`. Pure: the case's timestamps and the
 * bank's settings in, states out; the caller brings `now` from its Clock.
 *
 * Each deadline starts at one moment of the case and is met by another (docs/complaints.md has the
 * table). What meets a deadline is the act the procedure asks for, never a click on a state:
 * - first_response: from receipt of the complaint; met by the first contact record with the
 *   borrower (an explanation given, by phone, SMS, letter or visit);
 * - report_to_bank: from acceptance; met by the first contact record with the bank;
 * - solution: from the proposal, due when promised to the borrower; met by the resolution;
 * - written_report: from the resolution; met by the report to the bank (`reported_to_bank`);
 * - follow_up: from the written report; met by the recorded call back (`followed_up`);
 * - risk_review: a risk case's own, longer clock from opening; met by escalating or dismissing it;
 * - regulator: the bank's deadline towards its regulator (15 days from receipt, extendable), shown
 *   beside the agency's; met when the bank has the written report.
 * A clock still running when the case closes is `not_applicable` (or `breached` if it was already
 * past due then): a closed case has nothing left to warn about.
 */

const HOUR_MS = 3_600_000;

export const DEADLINES_BY_KIND: Readonly<Record<CaseKind, readonly DeadlineName[]>> = {
  risk: ['risk_review'],
  complaint: ['first_response', 'report_to_bank', 'solution', 'written_report', 'follow_up', 'regulator'],
};

/** The settings for one bank: its overrides over the defaults. `names` are the bank's other names (its bank group). */
export function deadlineSettingsFor(policy: DeadlinesPolicy, bank: string, names: readonly string[] = []): DeadlineSettings {
  const key = [bank, ...names].find((n) => policy.banks[n] !== undefined);
  const own = key === undefined ? {} : policy.banks[key]!;
  const merged = { ...policy.default };
  for (const [k, v] of Object.entries(own)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  return merged;
}

const after = (start: Date | null, hours: number): Date | null => (start ? new Date(start.getTime() + hours * HOUR_MS) : null);

interface Clock {
  startedAt: Date | null;
  dueAt: Date | null;
  metAt: Date | null;
  owner: 'agency' | 'bank';
}

function clockOf(name: DeadlineName, c: CaseDeadlineFacts, s: DeadlineSettings): Clock {
  switch (name) {
    case 'first_response':
      return { startedAt: c.receivedAt, dueAt: after(c.receivedAt, s.first_response_hours), metAt: c.firstResponseAt, owner: 'agency' };
    case 'report_to_bank':
      return { startedAt: c.acceptedAt, dueAt: after(c.acceptedAt, s.report_to_bank_hours), metAt: c.bankNotifiedAt, owner: 'agency' };
    case 'solution':
      return { startedAt: c.solutionProposedAt, dueAt: c.solutionProposedAt ? c.solutionDueAt : null, metAt: c.resolvedAt, owner: 'agency' };
    case 'written_report':
      return { startedAt: c.resolvedAt, dueAt: after(c.resolvedAt, s.written_report_hours), metAt: c.reportedToBankAt, owner: 'agency' };
    case 'follow_up':
      return { startedAt: c.reportedToBankAt, dueAt: after(c.reportedToBankAt, s.follow_up_hours), metAt: c.followedUpAt, owner: 'agency' };
    case 'risk_review':
      return { startedAt: c.openedAt, dueAt: after(c.openedAt, s.risk_review_hours), metAt: c.reviewedAt, owner: 'agency' };
    case 'regulator':
      return {
        startedAt: c.receivedAt,
        dueAt: after(c.receivedAt, (s.regulator_days + c.regulatorExtensionDays) * 24),
        metAt: c.reportedToBankAt,
        owner: 'bank',
      };
  }
}

/** The highest threshold (of warn_at and 1) that `used` has reached, or null. */
export function thresholdReached(used: number, warnAt: readonly number[]): number | null {
  let reached: number | null = null;
  for (const t of [...warnAt, 1]) if (used >= t) reached = t;
  return reached;
}

function runningState(threshold: number | null, warnAt: readonly number[]): DeadlineStateName {
  if (threshold === null) return 'running';
  if (threshold >= 1) return 'breached';
  // The last warning (90 % by default) is `critical` when there is more than one: 7 h left of 24
  // and 23 h left must not look alike, nor 3 h and 5 h.
  return warnAt.length > 1 && threshold === warnAt[warnAt.length - 1] ? 'critical' : 'warning';
}

export function deadlineState(name: DeadlineName, c: CaseDeadlineFacts, settings: DeadlineSettings, now: Date): DeadlineState {
  const { startedAt, dueAt, metAt, owner } = clockOf(name, c, settings);
  const base = { name, owner, startedAt, dueAt, metAt: null as Date | null, used: null as number | null, remainingMs: null as number | null, threshold: null as number | null };
  const closed = c.closedAt !== null && (c.status === 'closed' || c.status === 'dismissed');
  if (metAt && (startedAt === null || dueAt === null)) {
    // Met before its clock started (the bank told before acceptance): nothing was ever late.
    return { ...base, state: 'met', metAt };
  }
  if (startedAt === null || dueAt === null) return { ...base, state: closed ? 'not_applicable' : 'pending' };
  if (metAt) return { ...base, metAt, state: metAt.getTime() <= dueAt.getTime() ? 'met' : 'met_late' };
  const at = closed ? c.closedAt! : now;
  const span = dueAt.getTime() - startedAt.getTime();
  const used = span > 0 ? (at.getTime() - startedAt.getTime()) / span : at.getTime() >= dueAt.getTime() ? 1 : 0;
  const threshold = thresholdReached(used, settings.warn_at);
  if (closed) return { ...base, state: threshold !== null && threshold >= 1 ? 'breached' : 'not_applicable', threshold: threshold !== null && threshold >= 1 ? 1 : null };
  return { ...base, used, remainingMs: dueAt.getTime() - now.getTime(), threshold, state: runningState(threshold, settings.warn_at) };
}

/** Every deadline of the case's kind at `now`, in procedure order. */
export function caseDeadlines(c: CaseDeadlineFacts, settings: DeadlineSettings, now: Date): DeadlineState[] {
  return DEADLINES_BY_KIND[c.kind].map((name) => deadlineState(name, c, settings, now));
}

/**
 * Every deadline of the case under its bank's settings, found under any of the bank's names (its
 * bank group): what the case page, the deadline sweep and the metrics all show.
 */
export function caseDeadlinesUnder(c: CaseDeadlineFacts, policy: DeadlinesPolicy, bankGroups: readonly BankGroup[], now: Date): DeadlineState[] {
  const group = findBankGroup(bankGroups, c.bank);
  return caseDeadlines(c, deadlineSettingsFor(policy, c.bank, group ? bankNamesOf(group) : []), now);
}

const RUNNING: ReadonlySet<DeadlineStateName> = new Set(['running', 'warning', 'critical', 'breached']);

/** The running agency deadline due first, for sorting the case list: null when none runs. */
export function nearestDeadline(states: readonly DeadlineState[]): DeadlineState | null {
  let best: DeadlineState | null = null;
  for (const d of states) {
    if (d.owner !== 'agency' || !RUNNING.has(d.state) || !d.dueAt) continue;
    if (!best || d.dueAt.getTime() < best.dueAt!.getTime()) best = d;
  }
  return best;
}
