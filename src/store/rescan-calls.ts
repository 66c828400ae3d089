import type { Queryable } from './db.ts';

export interface RescanFilter {
  since: Date;
  /** Exclusive; none = up to now. */
  until?: Date;
  bank?: string;
  language?: string;
}

/**
 * Calls a re-scan takes: those scanned before (a scan result of any pack version) and not
 * failed, started within the window, by the call's start time. Ids only, oldest first.
 */
export async function callsToRescan(q: Queryable, f: RescanFilter): Promise<Array<{ callId: string; language: string }>> {
  const { rows } = await q.query<{ id: string; language: string }>(
    `SELECT c.id, c.language FROM calls c
      WHERE c.started_at >= $1 AND ($2::timestamptz IS NULL OR c.started_at < $2)
        AND ($3::text IS NULL OR c.bank = $3) AND ($4::text IS NULL OR c.language = $4)
        AND c.status <> 'failed'
        AND EXISTS (SELECT 1 FROM stage_results s WHERE s.call_id = c.id AND s.stage = 'scan')
      ORDER BY c.started_at, c.id`,
    [f.since, f.until ?? null, f.bank ?? null, f.language ?? null],
  );
  return rows.map((r) => ({ callId: r.id, language: r.language }));
}
