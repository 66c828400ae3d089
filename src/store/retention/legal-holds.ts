import type { Queryable } from '../db.ts';

/** SQL for legal holds (table `legal_holds`, migration 145): place, release, list. */
export interface LegalHold {
  id: number;
  caseId: number;
  origin: 'complaint' | 'supervisor';
  reason: string;
  placedBy: string;
  placedAt: Date;
  releasedBy: string | null;
  releasedAt: Date | null;
  releaseReason: string | null;
}

const COLUMNS = `id, case_id AS "caseId", origin, reason, placed_by AS "placedBy", placed_at AS "placedAt",
  released_by AS "releasedBy", released_at AS "releasedAt", release_reason AS "releaseReason"`;

/** Every hold of the case, active ones first, newest first. */
export async function listLegalHolds(q: Queryable, caseId: number): Promise<LegalHold[]> {
  const { rows } = await q.query<LegalHold>(
    `SELECT ${COLUMNS} FROM legal_holds WHERE case_id = $1 ORDER BY released_at IS NOT NULL, placed_at DESC, id DESC`,
    [caseId],
  );
  return rows;
}

export async function placeLegalHold(q: Queryable, h: { caseId: number; reason: string; placedBy: string; at: Date }): Promise<LegalHold> {
  const { rows } = await q.query<LegalHold>(
    `INSERT INTO legal_holds (case_id, origin, reason, placed_by, placed_at) VALUES ($1, 'supervisor', $2, $3, $4) RETURNING ${COLUMNS}`,
    [h.caseId, h.reason, h.placedBy, h.at],
  );
  return rows[0]!;
}

/** Releases an active hold of the case (locked until the transaction ends); undefined when there is none with that id. */
export async function lockActiveLegalHold(q: Queryable, caseId: number, holdId: number): Promise<LegalHold | undefined> {
  const { rows } = await q.query<LegalHold>(
    `SELECT ${COLUMNS} FROM legal_holds WHERE id = $1 AND case_id = $2 AND released_at IS NULL FOR UPDATE`,
    [holdId, caseId],
  );
  return rows[0];
}

export async function releaseLegalHold(q: Queryable, r: { holdId: number; releasedBy: string; reason: string; at: Date }): Promise<LegalHold> {
  const { rows } = await q.query<LegalHold>(
    `UPDATE legal_holds SET released_by = $2, released_at = $3, release_reason = $4 WHERE id = $1 RETURNING ${COLUMNS}`,
    [r.holdId, r.releasedBy, r.at, r.reason],
  );
  return rows[0]!;
}

/** Whether the case is closed (dismissed, or closed after its follow-up): an automatic complaint hold is released only then. */
export async function caseClosedAt(q: Queryable, caseId: number): Promise<Date | null> {
  const { rows } = await q.query<{ closedAt: Date | null }>('SELECT closed_at AS "closedAt" FROM cases WHERE id = $1', [caseId]);
  return rows[0]?.closedAt ?? null;
}
