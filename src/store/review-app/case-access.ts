import type { Queryable } from '../db.ts';

/** The bank of a case, for the user's bank scope; undefined when there is no such case. */
export async function caseBank(q: Queryable, caseId: number): Promise<string | undefined> {
  const { rows } = await q.query<{ bank: string }>('SELECT bank FROM cases WHERE id = $1', [caseId]);
  return rows[0]?.bank;
}
