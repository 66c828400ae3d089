import type { Queryable } from '../db.ts';

/** The bank of a case, for the user's bank scope; undefined when there is no such case. */
export async function caseBank(q: Queryable, caseId: number): Promise<string | undefined> {
  const { rows } = await q.query<{ bank: string }>('SELECT bank FROM cases WHERE id = $1', [caseId]);
  return rows[0]?.bank;
}

/** Whether the call is one of the case borrower's calls (a follow-up call must be). */
export async function isBorrowerCallOfCase(q: Queryable, caseId: number, callId: string): Promise<boolean> {
  const { rows } = await q.query(
    `SELECT 1 FROM calls c JOIN cases k ON k.bank = c.bank AND k.borrower_id = c.borrower_id WHERE c.id = $1 AND k.id = $2`,
    [callId, caseId],
  );
  return rows.length > 0;
}
