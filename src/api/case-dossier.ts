import { repositories, type Queryable, type StoredCall, type StoredFinding, type StoredTranscript } from '../store/index.ts';
import { caseDeadlinesUnder, type Case, type CaseEvent, type Complaint, type ContactRecord, type DeadlineState } from '../cases/index.ts';
import type { BankGroup } from '../domain/bank-groups.ts';
import { DeadlinesPolicySchema, type DeadlinesPolicy } from '../rules/rule-schema.ts';
import { canSeeBank } from './call-access.ts';
import { notFound } from './http-error.ts';
import { getReportDraft, type ReportDraft } from '../store/review-app/report-drafts.ts';
import type { UserRow } from '../store/review-app/users.ts';

/** Everything known about one case: what the case page shows and the report to the bank is built from. */
export interface CaseDossier {
  case: Case;
  calls: { call: StoredCall; findings: StoredFinding[]; transcript: StoredTranscript | null; chosen: boolean }[];
  events: CaseEvent[];
  complaints: Complaint[];
  /** What was told to the borrower, the bank and others, oldest first. */
  contacts: ContactRecord[];
  /** Each of the case's deadlines at the moment the dossier was read. */
  deadlines: DeadlineState[];
  draft: ReportDraft;
}

export interface DossierClocks {
  deadlines?: DeadlinesPolicy;
  bankGroups?: readonly BankGroup[];
  now?: Date;
}

const DEFAULT_DEADLINES = DeadlinesPolicySchema.parse({});

/** The deadlines of a case under the bank's settings (its overrides, found under any of the bank's names). */
export function deadlinesOf(c: Case, clocks: DossierClocks, now: Date): DeadlineState[] {
  return caseDeadlinesUnder(c, clocks.deadlines ?? DEFAULT_DEADLINES, clocks.bankGroups ?? [], now);
}

export async function loadCaseDossier(q: Queryable, user: Pick<UserRow, 'banks'>, caseId: number, clocks: DossierClocks = {}): Promise<CaseDossier> {
  const r = repositories(q);
  const kase = await r.cases.get(caseId);
  if (!kase || !canSeeBank(user, kase.bank)) throw notFound('case');
  const callIds = await r.cases.listCallIds(caseId);
  // One query at a time: `q` may be a transaction's single connection.
  const calls = await r.calls.getMany(callIds);
  const findings = await r.findings.listByCalls(callIds);
  const chosen = new Set(await r.cases.listChosenCallIds(caseId));
  const events = await r.caseEvents.listByCase(caseId);
  const complaints = await r.complaints.listByCase(caseId);
  const contacts = await r.contacts.listByCase(caseId);
  const draft = await getReportDraft(q, caseId);
  const transcripts: (StoredTranscript | null)[] = [];
  for (const c of calls) transcripts.push(await r.transcripts.latestForCall(c.id));
  return {
    case: kase,
    calls: calls.map((call, i) => ({
      call,
      findings: findings.filter((f) => f.callId === call.id),
      transcript: transcripts[i] ?? null,
      chosen: chosen.has(call.id),
    })),
    events,
    complaints,
    contacts,
    deadlines: deadlinesOf(kase, clocks, clocks.now ?? new Date()),
    draft,
  };
}
