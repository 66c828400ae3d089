import type { Queryable } from '../db.ts';

/** SQL for the report's selection of calls and findings (bank_report_drafts.selection, migration 116). */
export interface StoredReportSelection {
  callIds: string[];
  findingIds: number[] | null;
}

export async function getReportSelection(q: Queryable, caseId: number): Promise<StoredReportSelection | null> {
  const { rows } = await q.query<{ selection: StoredReportSelection | null }>('SELECT selection FROM bank_report_drafts WHERE case_id = $1', [caseId]);
  return rows[0]?.selection ?? null;
}

/** Saves (or with null resets to the default) the selection; creates the draft row when there is none. */
export async function saveReportSelection(q: Queryable, caseId: number, selection: StoredReportSelection | null, updatedBy: string): Promise<void> {
  await q.query(
    `INSERT INTO bank_report_drafts (case_id, selection, updated_by) VALUES ($1, $2, $3)
     ON CONFLICT (case_id) DO UPDATE SET selection = $2, updated_by = $3, updated_at = now()`,
    [caseId, selection === null ? null : JSON.stringify(selection), updatedBy],
  );
}
