import type { Queryable } from '../db.ts';

/** A metadata row an ingest refused, as `callguard status` lists it. */
export interface RefusedRow {
  id: number;
  file: string;
  line: number;
  reason: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

interface RefusedRowRow {
  id: string;
  file: string;
  line: number;
  reason: string;
  first_seen_at: Date;
  last_seen_at: Date;
}

/** Refused metadata rows (schema 105): one SQL statement per method. */
export class RefusedRowsRepository {
  constructor(private readonly q: Queryable) {}

  /**
   * Records refused rows. Refused again at the same place: the reason and last sighting are
   * updated, and a dismissal is undone when the reason changed (a new fault is news again).
   */
  async record(rows: ReadonlyArray<{ file: string; line: number; reason: string }>): Promise<void> {
    if (rows.length === 0) return;
    await this.q.query(
      `INSERT INTO refused_metadata_rows (file, line, reason)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[])
       ON CONFLICT (file, line) DO UPDATE SET
         last_seen_at = now(),
         dismissed_at = CASE WHEN refused_metadata_rows.reason = EXCLUDED.reason THEN refused_metadata_rows.dismissed_at END,
         dismissed_by = CASE WHEN refused_metadata_rows.reason = EXCLUDED.reason THEN refused_metadata_rows.dismissed_by END,
         reason = EXCLUDED.reason`,
      [rows.map((r) => r.file), rows.map((r) => r.line), rows.map((r) => r.reason)],
    );
  }

  /** Rows that were ingested this time: whatever was refused at the same place is fixed. */
  async clearAccepted(rows: ReadonlyArray<{ file: string; line: number }>): Promise<number> {
    if (rows.length === 0) return 0;
    const { rowCount } = await this.q.query(
      `DELETE FROM refused_metadata_rows r USING unnest($1::text[], $2::int[]) AS a(file, line)
        WHERE r.file = a.file AND r.line = a.line`,
      [rows.map((r) => r.file), rows.map((r) => r.line)],
    );
    return rowCount ?? 0;
  }

  /** Not dismissed, most recently seen first. */
  async listOpen(limit = 1000): Promise<RefusedRow[]> {
    const { rows } = await this.q.query<RefusedRowRow>(
      `SELECT id, file, line, reason, first_seen_at, last_seen_at FROM refused_metadata_rows
        WHERE dismissed_at IS NULL ORDER BY last_seen_at DESC, file, line LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ id: Number(r.id), file: r.file, line: r.line, reason: r.reason, firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at }));
  }

  /** The ids that were open and are now dismissed (an unknown or already dismissed id is not among them). */
  async dismiss(ids: readonly number[], by: string): Promise<number[]> {
    const { rows } = await this.q.query<{ id: string }>(
      `UPDATE refused_metadata_rows SET dismissed_at = now(), dismissed_by = $2
        WHERE id = ANY($1::bigint[]) AND dismissed_at IS NULL RETURNING id`,
      [ids, by],
    );
    return rows.map((r) => Number(r.id));
  }
}
