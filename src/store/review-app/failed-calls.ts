import type { Queryable } from '../db.ts';
import type { StoredCall } from '../../domain/call.ts';
import { toCall, type CallRow } from '../repositories/call-row.ts';

/**
 * Read model of the review app's "needs attention" list: failed calls within the user's bank
 * scope, the most recent failure first. The queue and search list only calls with transcripts
 * and findings, so without this a failed call is reachable by its URL alone.
 */
export async function listFailedCalls(
  q: Queryable,
  f: { banks: string[] | null; limit: number; offset: number },
): Promise<{ calls: StoredCall[]; total: number }> {
  const { rows } = await q.query<CallRow & { total: number }>(
    `SELECT c.*, count(*) OVER () AS total FROM calls c
     WHERE c.status = 'failed' AND ($1::text[] IS NULL OR c.bank = ANY($1))
     ORDER BY c.failed_at DESC NULLS LAST, c.id
     LIMIT $2 OFFSET $3`,
    [f.banks, f.limit, f.offset],
  );
  return { calls: rows.map(toCall), total: Number(rows[0]?.total ?? 0) };
}
