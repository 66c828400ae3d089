import type { Queryable } from '../db.ts';

/**
 * Assignment of queue items to reviewers and the claims of "next call" (schema 121). An item is
 * open while its call has a finding without verdict or is a sampled call without outcome; it
 * leaves the reviewer's queue by itself once reviewed, so there is no "done" flag to forget.
 */

/** SQL: the call `c` still needs a reviewer. */
export const CALL_NEEDS_REVIEW = `(EXISTS (SELECT 1 FROM findings f WHERE f.call_id = c.id AND f.verdict IS NULL)
  OR EXISTS (SELECT 1 FROM qa_samples s WHERE s.call_id = c.id AND s.reviewed_at IS NULL))`;

export interface Assignment {
  callId: string;
  assignedTo: string;
  assignedBy: string;
  assignedAt: Date;
  claimedBy: string | null;
  claimedAt: Date | null;
  claimExpiresAt: Date | null;
}

interface AssignmentRow {
  call_id: string;
  assigned_to: string;
  assigned_by: string;
  assigned_at: Date;
  claimed_by: string | null;
  claimed_at: Date | null;
  claim_expires_at: Date | null;
}

const toAssignment = (r: AssignmentRow): Assignment => ({
  callId: r.call_id, assignedTo: r.assigned_to, assignedBy: r.assigned_by, assignedAt: r.assigned_at,
  claimedBy: r.claimed_by, claimedAt: r.claimed_at, claimExpiresAt: r.claim_expires_at,
});

export interface AssignableFilter {
  /** The supervisor's bank scope (null = all). */
  banks: string[] | null;
  bank?: string;
  team?: string;
  language?: string;
  /** Only calls that are not assigned to anyone yet (default); false also moves assigned ones. */
  unassignedOnly: boolean;
  /** Only the weekly sample's calls. */
  sampledOnly?: boolean;
  limit: number;
}

/** The open queue's calls a bulk assignment takes: flagged calls awaiting verdicts and unreviewed samples. */
export async function assignableCallIds(q: Queryable, f: AssignableFilter): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT c.id FROM calls c
      WHERE ($1::text[] IS NULL OR c.bank = ANY($1::text[]))
        AND ($2::text IS NULL OR c.bank = $2)
        AND ($3::text IS NULL OR c.team = $3)
        AND ($4::text IS NULL OR c.language = $4)
        AND (NOT $5 OR NOT EXISTS (SELECT 1 FROM qa_assignments a WHERE a.call_id = c.id))
        AND (NOT $6 OR EXISTS (SELECT 1 FROM qa_samples s WHERE s.call_id = c.id))
        AND ${CALL_NEEDS_REVIEW}
      ORDER BY c.started_at, c.id
      LIMIT $7`,
    [f.banks, f.bank ?? null, f.team ?? null, f.language ?? null, f.unassignedOnly, f.sampledOnly ?? false, f.limit],
  );
  return rows.map((r) => r.id);
}

/**
 * Assigns the calls to a reviewer. Reassigning a call drops its claim: the new reviewer starts
 * fresh. Calls outside `banks` are skipped. Returns the call ids assigned.
 */
export async function assignCalls(
  q: Queryable,
  a: { callIds: readonly string[]; reviewer: string; by: string; at: Date; banks: string[] | null },
): Promise<string[]> {
  if (a.callIds.length === 0) return [];
  const { rows } = await q.query<{ call_id: string }>(
    `INSERT INTO qa_assignments (call_id, assigned_to, assigned_by, assigned_at)
     SELECT c.id, $2, $3, $4 FROM calls c WHERE c.id = ANY($1::text[]) AND ($5::text[] IS NULL OR c.bank = ANY($5::text[]))
     ON CONFLICT (call_id) DO UPDATE SET assigned_to = EXCLUDED.assigned_to, assigned_by = EXCLUDED.assigned_by,
       assigned_at = EXCLUDED.assigned_at, claimed_by = NULL, claimed_at = NULL, claim_expires_at = NULL
     RETURNING call_id`,
    [a.callIds, a.reviewer, a.by, a.at, a.banks],
  );
  return rows.map((r) => r.call_id).sort();
}

export async function getAssignment(q: Queryable, callId: string): Promise<Assignment | null> {
  const { rows } = await q.query<AssignmentRow>('SELECT * FROM qa_assignments WHERE call_id = $1', [callId]);
  return rows[0] ? toAssignment(rows[0]) : null;
}

export interface MyQueueItem {
  callId: string;
  startedAt: Date;
  agentId: string;
  bank: string;
  team: string | null;
  language: string;
  unreviewed: number;
  sampled: boolean;
  assignedAt: Date;
  claimedBy: string | null;
  claimExpiresAt: Date | null;
}

/** The reviewer's open items, oldest assignment first. */
export async function listMyQueue(q: Queryable, reviewer: string, banks: string[] | null): Promise<MyQueueItem[]> {
  const { rows } = await q.query<MyQueueItem>(
    `SELECT c.id AS "callId", c.started_at AS "startedAt", c.agent_id AS "agentId", c.bank, c.team, c.language,
            (SELECT count(*) FROM findings f WHERE f.call_id = c.id AND f.verdict IS NULL) AS unreviewed,
            EXISTS (SELECT 1 FROM qa_samples s WHERE s.call_id = c.id) AS sampled,
            a.assigned_at AS "assignedAt", a.claimed_by AS "claimedBy", a.claim_expires_at AS "claimExpiresAt"
       FROM qa_assignments a JOIN calls c ON c.id = a.call_id
      WHERE a.assigned_to = $1 AND ($2::text[] IS NULL OR c.bank = ANY($2::text[])) AND ${CALL_NEEDS_REVIEW}
      ORDER BY a.assigned_at, c.started_at, c.id`,
    [reviewer, banks],
  );
  return rows;
}

/**
 * "Next call": claims one open item for the reviewer until `expiresAt`, in one statement. In order:
 * the reviewer's own live claim (they come back to it), an item assigned to them that nobody holds,
 * then any item in their banks whose claim lapsed (someone else's, left open): taking that one
 * assigns it to the reviewer. Null when there is nothing to do. SKIP LOCKED: two reviewers pressing
 * at once get two different calls.
 */
export async function claimNext(
  q: Queryable,
  c: { reviewer: string; banks: string[] | null; now: Date; expiresAt: Date },
): Promise<Assignment | null> {
  const { rows } = await q.query<AssignmentRow>(
    `WITH pick AS (
       SELECT a.call_id FROM qa_assignments a JOIN calls c ON c.id = a.call_id
        WHERE ($2::text[] IS NULL OR c.bank = ANY($2::text[]))
          AND ${CALL_NEEDS_REVIEW}
          AND ((a.assigned_to = $1 AND (a.claimed_by IS NULL OR a.claimed_by = $1 OR a.claim_expires_at <= $3))
               OR (a.claimed_by IS NOT NULL AND a.claimed_by <> $1 AND a.claim_expires_at <= $3))
        ORDER BY (a.claimed_by = $1 AND a.claim_expires_at > $3) DESC NULLS LAST,
                 (a.assigned_to = $1) DESC, a.assigned_at, c.started_at, c.id
        LIMIT 1
        FOR UPDATE OF a SKIP LOCKED
     )
     UPDATE qa_assignments a SET assigned_to = $1, claimed_by = $1,
       claimed_at = CASE WHEN a.claimed_by = $1 AND a.claim_expires_at > $3 THEN a.claimed_at ELSE $3 END,
       claim_expires_at = $4
       FROM pick WHERE a.call_id = pick.call_id
     RETURNING a.*`,
    [c.reviewer, c.banks, c.now, c.expiresAt],
  );
  return rows[0] ? toAssignment(rows[0]) : null;
}

/** Gives a claim back (the reviewer is done or steps away); only the holder can. */
export async function releaseClaim(q: Queryable, callId: string, reviewer: string): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE qa_assignments SET claimed_by = NULL, claimed_at = NULL, claim_expires_at = NULL
      WHERE call_id = $1 AND claimed_by = $2`,
    [callId, reviewer],
  );
  return rowCount === 1;
}

export interface ReviewerLoad {
  reviewer: string;
  open: number;
  claimed: number;
}

/** Open items per reviewer in the banks given: what a supervisor balances assignments by. */
export async function reviewerLoads(q: Queryable, banks: string[] | null, now: Date): Promise<ReviewerLoad[]> {
  const { rows } = await q.query<ReviewerLoad>(
    `SELECT a.assigned_to AS reviewer, count(*) AS open,
            count(*) FILTER (WHERE a.claimed_by IS NOT NULL AND a.claim_expires_at > $2) AS claimed
       FROM qa_assignments a JOIN calls c ON c.id = a.call_id
      WHERE ($1::text[] IS NULL OR c.bank = ANY($1::text[])) AND ${CALL_NEEDS_REVIEW}
      GROUP BY a.assigned_to ORDER BY a.assigned_to`,
    [banks, now],
  );
  return rows;
}
