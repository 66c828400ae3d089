import type { Queryable } from '../db.ts';

/** SQL for the written parts of the report to the bank (table `bank_report_drafts`, migration 101). */
export interface ReportDraft {
  causeAnalysis: string;
  disputeHandling: string;
  lessonsLearned: string;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export const EMPTY_DRAFT: ReportDraft = { causeAnalysis: '', disputeHandling: '', lessonsLearned: '', updatedBy: null, updatedAt: null };

export async function getReportDraft(q: Queryable, caseId: number): Promise<ReportDraft> {
  const { rows } = await q.query<ReportDraft>(
    `SELECT cause_analysis AS "causeAnalysis", dispute_handling AS "disputeHandling", lessons_learned AS "lessonsLearned",
            updated_by AS "updatedBy", updated_at AS "updatedAt"
       FROM bank_report_drafts WHERE case_id = $1`,
    [caseId],
  );
  return rows[0] ?? EMPTY_DRAFT;
}

export async function saveReportDraft(
  q: Queryable,
  caseId: number,
  d: { causeAnalysis: string; disputeHandling: string; lessonsLearned: string; updatedBy: string },
): Promise<void> {
  await q.query(
    `INSERT INTO bank_report_drafts (case_id, cause_analysis, dispute_handling, lessons_learned, updated_by)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (case_id) DO UPDATE SET cause_analysis = $2, dispute_handling = $3, lessons_learned = $4,
       updated_by = $5, updated_at = now()`,
    [caseId, d.causeAnalysis, d.disputeHandling, d.lessonsLearned, d.updatedBy],
  );
}
