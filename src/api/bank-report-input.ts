import type { BankReportInput } from '../reports/bank-report.ts';
import type { AgencyLetterhead } from '../reports/agency-letterhead.ts';
import { repositories, type Queryable } from '../store/index.ts';
import { getReportSelection } from '../store/review-app/report-selection.ts';
import type { UserRow } from '../store/review-app/users.ts';
import { loadCaseDossier } from './case-dossier.ts';

/**
 * Everything the report to the bank is built from, read in one go (pass a transaction for one
 * consistent snapshot): the case dossier, its contact records, the calls the investigation chose,
 * and the supervisor's selection for the report.
 */
export async function loadBankReportInput(
  q: Queryable, user: Pick<UserRow, 'banks' | 'username' | 'displayName'>, caseId: number, agency: AgencyLetterhead, now: Date,
): Promise<BankReportInput> {
  const dossier = await loadCaseDossier(q, user, caseId);
  const r = repositories(q);
  const contacts = await r.contacts.listByCase(caseId);
  const chosenCallIds = await r.cases.listChosenCallIds(caseId);
  const selection = await getReportSelection(q, caseId);
  return {
    case: dossier.case,
    calls: dossier.calls.map((c) => ({ call: c.call, findings: c.findings, segments: c.transcript?.segments ?? null })),
    chosenCallIds,
    complaints: dossier.complaints,
    contacts,
    events: dossier.events,
    draft: dossier.draft,
    selection,
    agency,
    generatedBy: user.displayName || user.username,
    generatedAt: now,
  };
}
