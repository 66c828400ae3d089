import type { Case } from '../domain/case.ts';
import type { Db } from '../store/db.ts';
import { repositories } from '../store/index.ts';
import { slaDueAt } from './sla.ts';

export class CallToEscalateNotFoundError extends Error {
  constructor(readonly callId: string) {
    super(`no call ${callId}`);
    this.name = 'CallToEscalateNotFoundError';
  }
}

export interface EscalationResult {
  case: Case;
  /** true: the escalation opened the borrower's case; false: the call joined the open one. */
  opened: boolean;
}

/**
 * A reviewer escalates a call: it opens the borrower's risk case (reason 'manual', SLA from now) or
 * joins the open one, with the usual case events. The case's state machine is not touched: an
 * opened case starts 'open' like every other. Escalating a call already in the open case changes
 * nothing and answers that case.
 */
export function escalateCall(db: Db, e: { callId: string; actor: string; firstResponseHours: number; now: Date }): Promise<EscalationResult> {
  return db.transaction(async (tx) => {
    const r = repositories(tx);
    const call = await r.calls.get(e.callId);
    if (!call) throw new CallToEscalateNotFoundError(e.callId);
    const open = await r.cases.findOpenForBorrower(call.bank, call.borrowerId, true);
    if (!open) {
      const opened = await r.cases.openWithCall({
        case: { bank: call.bank, borrowerId: call.borrowerId, openedReason: 'manual', riskScore: 0, openedAt: e.now, slaDueAt: slaDueAt(e.now, e.firstResponseHours) },
        callId: call.id,
        actor: e.actor,
        events: [{ kind: 'opened', toStatus: 'open', body: { reason: 'manual', via: 'escalation', callId: call.id } }],
      });
      if (opened) return { case: opened, opened: true };
    }
    // The borrower's open case (found, or opened by someone else since the lookup).
    const target = open ?? (await r.cases.findOpenForBorrower(call.bank, call.borrowerId, true));
    if (!target) throw new Error(`the borrower's open case was opened and closed while the call was escalated; try again`);
    const joined = await r.cases.joinWithCall({
      caseId: target.id, callId: call.id, actor: e.actor, score: target.riskScore, at: e.now,
      event: { kind: 'call_added', body: { callIds: [call.id], via: 'escalation' } },
    });
    return { case: joined ?? target, opened: false };
  });
}
