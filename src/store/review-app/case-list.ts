import type { Queryable } from '../db.ts';
import type { Case, CaseStatus } from '../../domain/case.ts';
import { toCase } from '../repositories/cases-repository.ts';

/** Read model of the supervisor's case list: cases with their call, finding and complaint counts. */
export interface CaseListFilter {
  banks: string[] | null;
  statuses?: CaseStatus[];
  kind?: Case['kind'];
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
              WHERE cc.case_id = cs.id AND fi.verdict IS DISTINCT FROM 'dismissed') AS findings,
            (SELECT count(*) FROM complaints co WHERE co.case_id = cs.id) AS complaints
       FROM cases cs
      WHERE ($1::text[] IS NULL OR cs.bank = ANY($1::text[]))
        AND ($2::text[] IS NULL OR cs.status = ANY($2::text[]))
        AND ($3::text IS NULL OR cs.assigned_to = $3)
        AND ($4::text IS NULL OR cs.bank = $4)
        AND ($5::text IS NULL OR cs.borrower_id = $5)
        AND ($8::text IS NULL OR cs.kind = $8)
      ORDER BY (cs.first_response_at IS NULL AND cs.status NOT IN ('dismissed', 'closed') AND cs.sla_due_at < $7) DESC,
               (cs.status IN ('dismissed', 'closed')) ASC,
               cs.sla_due_at, cs.id DESC
      LIMIT $6`,
    [f.banks, f.statuses ?? null, f.assignedTo ?? null, f.bank ?? null, f.borrowerId ?? null, f.limit, now, f.kind ?? null],
  );
  return rows.map((r) => ({
    ...toCase(r as unknown as Parameters<typeof toCase>[0]),
    calls: r.calls as number,
    findings: r.findings as number,
    complaints: r.complaints as number,
  }));
}
