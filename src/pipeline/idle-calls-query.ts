import type { Queryable } from '../store/db.ts';
import type { CallStatus } from '../store/index.ts';

/**
 * The one query the stalled-call sweeper needs, kept beside it rather than in store/ while the
 * repositories there are being reworked; it belongs in CallsRepository once that settles.
 * `CallsRepository.listStalled` cannot serve the sweeper: it has no lower bound to page from, so a
 * sweep could only ever see the oldest `limit` idle calls — and when those are still waiting in a
 * long queue, the stranded calls behind them would never be reached. It also loads whole rows
 * (phone numbers included) where the sweeper needs three columns.
 */

/** What the sweeper knows of an unfinished call: enough to name the job that should carry it. */
export interface IdleCall {
  callId: string;
  status: Exclude<CallStatus, 'done' | 'failed'>;
  updatedAt: Date;
  /**
   * The rule pack hash of the call's newest scan, if it was ever scanned: a triage job's id carries
   * it (`triage.<call>.<pack>`), so without it that job could neither be found nor re-queued.
   */
  lastScanPack: string | null;
}

/** Where the next page starts: strictly after this (updated_at, id). */
export interface IdleCallsCursor {
  /** updated_at as PostgreSQL prints it: microseconds kept, which a JS Date would round away. */
  updatedAtText: string;
  callId: string;
}

export interface IdleCallsPage {
  calls: IdleCall[];
  /** null when this was the last page. */
  next: IdleCallsCursor | null;
}

interface Row {
  id: string;
  status: IdleCall['status'];
  updated_at: Date;
  updated_at_text: string;
  last_scan_pack: string | null;
}

/**
 * Calls neither done nor failed whose status has not moved since `before`, oldest first, one page
 * after `after`. The status list is spelled out (not NOT IN) so the status index can serve it.
 */
export async function listIdleUnfinishedCalls(
  q: Queryable, before: Date, after: IdleCallsCursor | null, limit: number,
): Promise<IdleCallsPage> {
  const { rows } = await q.query<Row>(
    `SELECT c.id, c.status, c.updated_at, c.updated_at::text AS updated_at_text, s.version AS last_scan_pack
       FROM calls c
       LEFT JOIN LATERAL (
         SELECT version FROM stage_results WHERE call_id = c.id AND stage = 'scan' ORDER BY finished_at DESC LIMIT 1
       ) s ON true
      WHERE c.status IN ('received', 'decoded', 'transcribed', 'scanned', 'triaged')
        AND c.updated_at < $1
        AND (c.updated_at, c.id) > ($2::timestamptz, $3::text)
      ORDER BY c.updated_at, c.id
      LIMIT $4`,
    [before, after?.updatedAtText ?? '-infinity', after?.callId ?? '', limit],
  );
  const last = rows.at(-1);
  return {
    calls: rows.map((r) => ({ callId: r.id, status: r.status, updatedAt: r.updated_at, lastScanPack: r.last_scan_pack })),
    next: last && rows.length === limit ? { updatedAtText: last.updated_at_text, callId: last.id } : null,
  };
}
