import type { Finding } from '../domain/finding.ts';
import type { Policy } from '../rules/rule-schema.ts';
import type { Db, Queryable } from '../store/db.ts';
import { repositories, type StoredCall } from '../store/index.ts';
import { borrowerLock } from './borrower-lock.ts';
import { SYSTEM_ACTOR, type Case } from './case-types.ts';
import { slaDueAt } from './sla.ts';
import { decideTriage, type TriageDecision } from './triage-policy.ts';

export type TriagePolicy = Pick<Policy, 'open_case_at' | 'open_case_on_critical' | 'first_response_hours'>;

export type TriageResult =
  | { outcome: 'opened'; case: Case; decision: TriageDecision }
  | { outcome: 'joined'; case: Case; decision: TriageDecision }
  /** The call was triaged before (a retry or a re-scan): nothing new happened. */
  | { outcome: 'already'; case: Case }
  | { outcome: 'none'; decision: TriageDecision };

export class CallNotFoundError extends Error {
  constructor(readonly callId: string) {
    super(`no call ${callId}`);
    this.name = 'CallNotFoundError';
  }
}

/** What triage needs of the call: whose it is. */
export type TriageCall = Pick<StoredCall, 'id' | 'bank' | 'borrowerId'>;

export interface TriageOptions {
  now?: Date;
  /**
   * More writes that must commit with the triage or not at all, in its transaction (the pipeline
   * records the triage and the call's status there).
   */
  alsoInTransaction?: (tx: Queryable, result: TriageResult) => Promise<void>;
}

/**
 * Triage one scanned call: open a case for its borrower, join the borrower's open case, or do
 * nothing (triage-policy.ts says which). One transaction holding the borrower's lock from its
 * first statement, so two workers triaging two calls of one borrower at once make one case, and a
 * retry changes nothing. `call` is the call's id, or the call when the caller has read it.
 *
 * A call already linked to a case is not triaged again, even when that case is closed: a
 * supervisor's dismissal must not be undone by a retry or a re-scan; the case's risk is raised
 * when it is still open.
 */
export async function triageCall(
  db: Db,
  call: string | TriageCall,
  findings: readonly Pick<Finding, 'severity'>[],
  score: number,
  policy: TriagePolicy,
  options: TriageOptions = {},
): Promise<TriageResult> {
  const subject = typeof call === 'string' ? await repositories(db).calls.get(call) : call;
  if (!subject) throw new CallNotFoundError(call as string);
  return db.transaction(async (tx) => {
    const result = await triageUnderLock(tx, subject, findings, score, policy, options.now ?? new Date());
    await options.alsoInTransaction?.(tx, result);
    return result;
  }, borrowerLock(subject.bank, subject.borrowerId));
}

/** Inside the transaction holding the borrower lock: the lookup, then at most one write. */
async function triageUnderLock(
  tx: Queryable,
  call: TriageCall,
  findings: readonly Pick<Finding, 'severity'>[],
  score: number,
  policy: TriagePolicy,
  now: Date,
): Promise<TriageResult> {
  const r = repositories(tx);
  const { linked, open } = await r.cases.forTriage(call.bank, call.borrowerId, call.id);
  if (linked) {
    const isOpen = linked.status !== 'dismissed' && linked.status !== 'followed_up';
    const current = isOpen && score > linked.riskScore ? await r.cases.raiseRiskScore(linked.id, score) : linked;
    return { outcome: 'already', case: current ?? linked };
  }

  const decision = decideTriage({ findings, score, hasOpenCase: open !== null, policy });
  const body = { callId: call.id, score, findings: findings.length, critical: findings.filter((f) => f.severity === 'critical').length };

  if (decision.action === 'open') {
    const opened = await r.cases.openWithCall(
      {
        bank: call.bank,
        borrowerId: call.borrowerId,
        openedReason: decision.reason,
        riskScore: score,
        openedAt: now,
        slaDueAt: slaDueAt(now, policy.first_response_hours),
      },
      call.id,
      SYSTEM_ACTOR,
      [
        { kind: 'opened', toStatus: 'open', body: { ...body, reason: decision.reason } },
        { kind: 'call_added', body },
      ],
    );
    // Under the borrower lock nobody else can have opened one; null means the lock was bypassed.
    if (!opened) throw new Error(`borrower of call ${call.id} already has an open case (opened outside the borrower lock)`);
    return { outcome: 'opened', case: opened, decision };
  }
  if (decision.action === 'join' && open) {
    const joined = await r.cases.joinWithCall(open.id, call.id, SYSTEM_ACTOR, score, { kind: 'call_added', body: { ...body, warranted: decision.warranted } }, now);
    return { outcome: 'joined', case: joined ?? open, decision };
  }
  return { outcome: 'none', decision };
}
