import { verdictsFor, type Verdict } from '../domain/finding-verdict.ts';
import type { Category } from '../domain/category.ts';
import type { Queryable } from '../store/db.ts';
import { getAssignment } from '../store/review-app/qa-assignments.ts';
import type { UserRow } from '../store/review-app/users.ts';
import { HttpError } from './http-error.ts';

/**
 * The QA floor's two refusals for anything a reviewer records on a call: a verdict of the wrong
 * kind (a borrower signal is noted or acted on, never confirmed as the agent's violation), and work
 * on a call another reviewer holds by a live claim ("next call"): once a claim lapsed and someone
 * else took the call, the first reviewer's late verdicts would overwrite the second's. Supervisors
 * are not held by claims: they step in on purpose.
 */
export function assertVerdictKind(category: Category, verdict: Verdict): void {
  const allowed = verdictsFor(category);
  if (!allowed.includes(verdict)) {
    throw new HttpError(422, 'wrong_verdict_kind', `a ${category} finding takes ${allowed.join(' or ')}, not ${verdict}`);
  }
}

export async function assertNotClaimedByOther(q: Queryable, user: Pick<UserRow, 'username' | 'role'>, callId: string, now: Date): Promise<void> {
  if (user.role === 'supervisor') return;
  const a = await getAssignment(q, callId);
  if (a?.claimedBy && a.claimedBy !== user.username && a.claimExpiresAt! > now) {
    throw new HttpError(409, 'claimed_by_other', `${a.claimedBy} is reviewing this call until ${a.claimExpiresAt!.toISOString()}`);
  }
}
