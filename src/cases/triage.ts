import type { Finding } from '../domain/finding.ts';
import type { Policy } from '../rules/rule-schema.ts';
import type { Queryable } from '../store/db.ts';
import { repositories, type StageRecord, type StoredCall } from '../store/index.ts';
import { isClosedStatus, SYSTEM_ACTOR, type Case } from '../domain/case.ts';
import type { TriageWrites } from '../store/triage-writes.ts';
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
  /** The lookup, when the caller read it with the call (one round trip fewer). */
  known?: { linked: Case | null; open: Case | null };
  /**
   * The caller's record of this triage: written with the outcome (`{ outcome, caseId }`) in the
   * same statement as the case change, or on its own when nothing about cases changed.
   */
  record?: Omit<StageRecord, 'callId' | 'result'>;
  /**
   * The writes (default: the repositories, one statement each); the pipeline passes its grouped
   * ones (src/store/stage-statements.ts), which behave the same for each call.
   */
  writes?: TriageWrites;
  /** Added to the body of the case events this triage writes (a re-scan names its pack version). */
  eventDetail?: Record<string, unknown>;
  /**
   * Every name the call's bank goes by, registered name first (the pack's `bank_names` group), when
   * it has more than one. The borrower's open case is looked up under all of them: a complaint case
   * (opened under the registered name) and calls delivered as "招行" or "招商银行" are one borrower's
   * one case, not two. A new case still opens under the call's own bank name, the name users' bank
   * scopes are written in. (Two first calls under two names triaged at the same instant can still
   * open a case each: the unique index of open cases is per name.)
   */
  bankNames?: readonly string[];
}

export type { TriageWrites };

function repositoryWrites(q: Queryable): TriageWrites {
  const r = repositories(q);
  return {
    open: (o) => r.cases.openWithCall(o),
    join: (j) => r.cases.joinWithCall(j),
    record: (rec) => r.stageQueries.setStatusWithStageResult(rec.callId, rec.status, rec.stage, rec.version, rec.result),
  };
}

/** `{ record }` when there is one (exactOptionalPropertyTypes: never `record: undefined`). */
const withRecord = (record: StageRecord | undefined) => (record ? { record } : {});

/** Decisions made again when the borrower's cases changed between the lookup and the write. */
const MAX_DECISIONS = 5;

/**
 * Triage one scanned call: open a case for its borrower, join the borrower's open case, or do
 * nothing (triage-policy.ts says which). `call` is the call's id, or the call when the caller has
 * read it.
 *
 * No transaction and no lock: a lookup, then one write that is atomic on its own and re-checks
 * what the decision rested on. Opening writes nothing when another triage opened the borrower's
 * case first (one open case per borrower is a unique index); joining writes nothing when the case
 * was closed meanwhile (its row is re-read under lock). Then the decision is made again on a new
 * lookup. The outcome is always one a serial order of the triages would give, and a retry or a
 * duplicate run changes nothing (the case ↔ call link is unique).
 *
 * A call already linked to a case is not triaged again, even when that case is closed: a
 * supervisor's dismissal must not be undone by a retry or a re-scan; the case's risk is raised
 * when it is still open.
 */
export async function triageCall(
  q: Queryable,
  call: string | TriageCall,
  findings: readonly Pick<Finding, 'severity'>[],
  score: number,
  policy: TriagePolicy,
  options: TriageOptions = {},
): Promise<TriageResult> {
  const r = repositories(q);
  const subject = typeof call === 'string' ? await r.calls.get(call) : call;
  if (!subject) throw new CallNotFoundError(call as string);
  const { now = new Date() } = options;
  const bankNames = options.bankNames && options.bankNames.length > 1 ? options.bankNames : [subject.bank];
  // The caller's lookup was made under the call's own bank name only: it answers when it found a
  // case; finding none, the other names are still to be asked.
  const known = bankNames.length === 1 || options.known?.linked || options.known?.open ? options.known : undefined;
  const writes = options.writes ?? repositoryWrites(q);
  const record = (outcome: TriageResult['outcome']): StageRecord | undefined =>
    options.record ? { ...options.record, callId: subject.id, result: { outcome } } : undefined;
  // Outcomes that change no case write the record on their own.
  const recorded = async <T extends TriageResult>(result: T): Promise<T> => {
    const own = record(result.outcome);
    if (own) await writes.record({ ...own, result: { ...own.result, caseId: result.outcome === 'none' ? null : result.case.id } });
    return result;
  };
  const body = { callId: subject.id, score, findings: findings.length, critical: findings.filter((f) => f.severity === 'critical').length, ...options.eventDetail };

  for (let attempt = 1; attempt <= MAX_DECISIONS; attempt++) {
    const { linked, open } = attempt === 1 && known ? known : await r.cases.forTriage(bankNames, subject.borrowerId, subject.id);
    if (linked) {
      const isOpen = !isClosedStatus(linked.status);
      const current = isOpen && score > linked.riskScore ? await r.cases.raiseRiskScore(linked.id, score) : linked;
      return recorded({ outcome: 'already', case: current ?? linked });
    }
    const decision = decideTriage({ findings, score, hasOpenCase: open !== null, policy });
    if (decision.action === 'open') {
      const opened = await writes.open({
        case: {
          bank: subject.bank,
          borrowerId: subject.borrowerId,
          openedReason: decision.reason,
          riskScore: score,
          openedAt: now,
          slaDueAt: slaDueAt(now, policy.first_response_hours),
        },
        callId: subject.id,
        actor: SYSTEM_ACTOR,
        events: [
          { kind: 'opened', toStatus: 'open', body: { ...body, reason: decision.reason } },
          { kind: 'call_added', body },
        ],
        ...withRecord(record('opened')),
      });
      if (opened) return { outcome: 'opened', case: opened, decision };
      continue; // another triage (or a complaint) opened the borrower's case first: join it
    }
    if (decision.action === 'join' && open) {
      const joined = await writes.join({
        caseId: open.id, callId: subject.id, actor: SYSTEM_ACTOR, score, event: { kind: 'call_added', body: { ...body, warranted: decision.warranted } }, at: now,
        ...withRecord(record('joined')),
      });
      if (joined) return { outcome: 'joined', case: joined, decision };
      continue; // the case was closed meanwhile: decide again without it
    }
    return recorded({ outcome: 'none', decision });
  }
  throw new Error(`the cases of the borrower of call ${subject.id} kept changing during triage (${MAX_DECISIONS} decisions); retrying later`);
}
