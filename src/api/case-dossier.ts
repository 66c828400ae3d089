import { repositories, type Queryable, type StoredCall, type StoredFinding, type StoredTranscript } from '../store/index.ts';
import type { Case, CaseEvent, Complaint } from '../cases/index.ts';
import { canSeeBank } from './call-access.ts';
import { notFound } from './http-error.ts';
import { getReportDraft, type ReportDraft } from '../store/review-app/report-drafts.ts';
import type { UserRow } from '../store/review-app/users.ts';

/** Everything known about one case: what the case page shows and the report to the bank is built from. */
export interface CaseDossier {
  case: Case;
  calls: { call: StoredCall; findings: StoredFinding[]; transcript: StoredTranscript | null }[];
  events: CaseEvent[];
  complaints: Complaint[];
  draft: ReportDraft;
}

export async function loadCaseDossier(q: Queryable, user: Pick<UserRow, 'banks'>, caseId: number): Promise<CaseDossier> {
  const r = repositories(q);
  const kase = await r.cases.get(caseId);
  if (!kase || !canSeeBank(user, kase.bank)) throw notFound('case');
  const callIds = await r.cases.listCallIds(caseId);
  // One query at a time: `q` may be a transaction's single connection.
  const calls = await r.calls.getMany(callIds);
  const findings = await r.findings.listByCalls(callIds);
  const events = await r.caseEvents.listByCase(caseId);
  const complaints = await r.complaints.listByCase(caseId);
  const draft = await getReportDraft(q, caseId);
  const transcripts: (StoredTranscript | null)[] = [];
  for (const c of calls) transcripts.push(await r.transcripts.latestForCall(c.id));
  return {
    case: kase,
    calls: calls.map((call, i) => ({
      call,
      findings: findings.filter((f) => f.callId === call.id),
      transcript: transcripts[i] ?? null,
    })),
    events,
    complaints,
    draft,
  };
}
