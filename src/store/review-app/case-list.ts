import type { Queryable } from '../db.ts';
import type { Case, CaseStatus } from '../../domain/case.ts';

/** Read model of the supervisor's case list: cases with their call, finding and complaint counts. */
export interface CaseListFilter {
  banks: string[] | null;
  statuses?: CaseStatus[];
  assignedTo?: string;
  bank?: string;
  borrowerId?: string;
  limit: number;
}

export interface CaseListItem extends Case {
  calls: number;
  findings: number;
  complaints: number;
}

export async function listCases(q: Queryable, f: CaseListFilter, now: Date): Promise<CaseListItem[]> {
  const { rows } = await q.query<Record<string, unknown>>(
    `SELECT cs.*,
            (SELECT count(*) FROM case_calls cc WHERE cc.case_id = cs.id) AS calls,
            (SELECT count(*) FROM case_calls cc JOIN findings fi ON fi.call_id = cc.call_id
              WHERE cc.case_id = cs.id AND fi.superseded_at IS NULL AND fi.verdict IS DISTINCT FROM 'dismissed') AS findings,
            (SELECT count(*) FROM complaints co WHERE co.case_id = cs.id) AS complaints
       FROM cases cs
      WHERE ($1::text[] IS NULL OR cs.bank = ANY($1::text[]))
        AND ($2::text[] IS NULL OR cs.status = ANY($2::text[]))
        AND ($3::text IS NULL OR cs.assigned_to = $3)
        AND ($4::text IS NULL OR cs.bank = $4)
        AND ($5::text IS NULL OR cs.borrower_id = $5)
      ORDER BY (cs.first_response_at IS NULL AND cs.status NOT IN ('dismissed', 'followed_up') AND cs.sla_due_at < $7) DESC,
               (cs.status IN ('dismissed', 'followed_up')) ASC,
               cs.sla_due_at, cs.id DESC
      LIMIT $6`,
    [f.banks, f.statuses ?? null, f.assignedTo ?? null, f.bank ?? null, f.borrowerId ?? null, f.limit, now],
  );
  return rows.map((r) => ({
    id: r.id as number,
    bank: r.bank as string,
    borrowerId: r.borrower_id as string,
    status: r.status as CaseStatus,
    openedReason: r.opened_reason as Case['openedReason'],
    riskScore: r.risk_score as number,
    openedAt: r.opened_at as Date,
    slaDueAt: r.sla_due_at as Date,
    firstResponseAt: r.first_response_at as Date | null,
    assignedTo: r.assigned_to as string | null,
    reportedToBankAt: r.reported_to_bank_at as Date | null,
    reportedToBankBy: r.reported_to_bank_by as string | null,
    resolvedAt: r.resolved_at as Date | null,
    resolution: r.resolution as string | null,
    followedUpAt: r.followed_up_at as Date | null,
    followUpNote: r.follow_up_note as string | null,
    followUpCallId: r.follow_up_call_id as string | null,
    closedAt: r.closed_at as Date | null,
    updatedAt: r.updated_at as Date,
    calls: r.calls as number,
    findings: r.findings as number,
    complaints: r.complaints as number,
  }));
}
