import type { Finding } from '../domain/finding.ts';
import type { Policy } from '../rules/rule-schema.ts';
import type { Db, Queryable } from '../store/db.ts';
import { repositories } from '../store/index.ts';
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

/**
 * Triage one scanned call: open a case for its borrower, join the borrower's open case, or do
 * nothing (triage-policy.ts says which). One transaction holding the borrower's lock, so two
 * workers triaging two calls of one borrower at once make one case, and a retry changes nothing.
 *
 * A call already linked to a case is not triaged again, even when that case is closed: a
 * supervisor's dismissal must not be undone by a retry or a re-scan; the case's risk is raised
 * when it is still open.
 */
export function triageCall(db: Db, callId: string, findings: readonly Pick<Finding, 'severity'>[], score: number, policy: TriagePolicy, now: Date = new Date()): Promise<TriageResult> {
  return db.transaction((tx) => triageCallInTransaction(tx, callId, findings, score, policy, now));
}

/** The same inside the caller's transaction (to set the call's status atomically with it). */
export async function triageCallInTransaction(
  tx: Queryable,
  callId: string,
  findings: readonly Pick<Finding, 'severity'>[],
  score: number,
  policy: TriagePolicy,
  now: Date = new Date(),
): Promise<TriageResult> {
  const r = repositories(tx);
  const call = await r.calls.get(callId);
  if (!call) throw new CallNotFoundError(callId);
  await r.cases.lockBorrower(call.bank, call.borrowerId);

  const linked = (await r.cases.listOfCall(callId))[0];
  if (linked) {
    const isOpen = linked.status !== 'dismissed' && linked.status !== 'followed_up';
    const current = isOpen && score > linked.riskScore ? await r.cases.raiseRiskScore(linked.id, score) : linked;
    return { outcome: 'already', case: current ?? linked };
  }

  const open = await r.cases.findOpenForBorrower(call.bank, call.borrowerId, true);
  const decision = decideTriage({ findings, score, hasOpenCase: open !== null, policy });
  const body = { callId, score, findings: findings.length, critical: findings.filter((f) => f.severity === 'critical').length };

  if (decision.action === 'open') {
    const opened = await r.cases.insertOpen({
      bank: call.bank,
      borrowerId: call.borrowerId,
      openedReason: decision.reason,
      riskScore: score,
      openedAt: now,
      slaDueAt: slaDueAt(now, policy.first_response_hours),
    });
    // Under the borrower lock nobody else can have opened one; null means the lock was bypassed.
    if (!opened) throw new Error(`borrower of call ${callId} already has an open case (opened outside the borrower lock)`);
    await r.cases.addCall(opened.id, callId, SYSTEM_ACTOR);
    await r.caseEvents.append({ caseId: opened.id, actor: SYSTEM_ACTOR, kind: 'opened', toStatus: 'open', body: { ...body, reason: decision.reason }, at: now });
    await r.caseEvents.append({ caseId: opened.id, actor: SYSTEM_ACTOR, kind: 'call_added', body, at: now });
    return { outcome: 'opened', case: opened, decision };
  }
  if (decision.action === 'join' && open) {
    await r.cases.addCall(open.id, callId, SYSTEM_ACTOR);
    const raised = score > open.riskScore ? await r.cases.raiseRiskScore(open.id, score) : open;
    await r.caseEvents.append({ caseId: open.id, actor: SYSTEM_ACTOR, kind: 'call_added', body: { ...body, warranted: decision.warranted }, at: now });
    return { outcome: 'joined', case: raised ?? open, decision };
  }
  return { outcome: 'none', decision };
}
