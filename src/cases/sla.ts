import type { Case } from '../domain/case.ts';

/**
 * The first-response SLA of a case. Business rules (docs/operations.md repeats them):
 * - The clock runs in calendar hours, nights and holidays included: the agency's procedure promises
 *   a first response within 24 hours of a complaint, not 24 working hours.
 * - It starts when the case opens (triage) or, for a case opened by a complaint, when the complaint
 *   was received (a letter read two days late is already two days into its SLA).
 * - A complaint that joins an open case still waiting for its first response brings the due time
 *   forward when its own deadline is earlier; once the case has had its first response, a new
 *   complaint joins the running investigation without a new clock.
 * - The first response is the case leaving `open` (a supervisor takes it up); notes and
 *   assignments alone do not stop the clock.
 * - The hours come from the policy (rules/policy.yaml first_response_hours, default 24).
 */

const HOUR_MS = 3_600_000;

export function slaDueAt(clockStart: Date, firstResponseHours: number): Date {
  if (!(firstResponseHours > 0)) throw new RangeError(`first_response_hours must be positive, not ${firstResponseHours}`);
  return new Date(clockStart.getTime() + firstResponseHours * HOUR_MS);
}

export type SlaState =
  | { state: 'due'; dueAt: Date; remainingMs: number }
  | { state: 'overdue'; dueAt: Date; overdueMs: number }
  | { state: 'met'; dueAt: Date; respondedAt: Date }
  | { state: 'missed'; dueAt: Date; respondedAt: Date; lateMs: number };

/** Where the case stands against its first-response deadline at `now`. */
export function slaState(c: Pick<Case, 'slaDueAt' | 'firstResponseAt'>, now: Date): SlaState {
  const due = c.slaDueAt.getTime();
  if (c.firstResponseAt) {
    const responded = c.firstResponseAt.getTime();
    return responded <= due
      ? { state: 'met', dueAt: c.slaDueAt, respondedAt: c.firstResponseAt }
      : { state: 'missed', dueAt: c.slaDueAt, respondedAt: c.firstResponseAt, lateMs: responded - due };
  }
  const t = now.getTime();
  return t <= due
    ? { state: 'due', dueAt: c.slaDueAt, remainingMs: due - t }
    : { state: 'overdue', dueAt: c.slaDueAt, overdueMs: t - due };
}

/** Open and past its deadline without a first response: what the supervisor's list puts first. */
export function isOverdue(c: Pick<Case, 'slaDueAt' | 'firstResponseAt'>, now: Date): boolean {
  return slaState(c, now).state === 'overdue';
}
