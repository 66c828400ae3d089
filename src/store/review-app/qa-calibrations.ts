import type { Verdict } from '../../domain/finding-verdict.ts';
import type { Category } from '../../domain/category.ts';
import type { Queryable } from '../db.ts';

/** Calibration of reviewers on one call (schema 122): each reviewer's blind verdicts, kept apart from the findings'. */

export interface Calibration {
  id: number;
  callId: string;
  createdBy: string;
  createdAt: Date;
  reviewers: Array<{ reviewer: string; submittedAt: Date | null }>;
}

export async function createCalibration(
  q: Queryable,
  c: { callId: string; reviewers: readonly string[]; by: string; at: Date },
): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `WITH cal AS (
       INSERT INTO qa_calibrations (call_id, created_by, created_at) VALUES ($1, $3, $4) RETURNING id
     ), r AS (
       INSERT INTO qa_calibration_reviewers (calibration_id, reviewer)
       SELECT cal.id, reviewer FROM cal, unnest($2::text[]) AS reviewer
     )
     SELECT id FROM cal`,
    [c.callId, [...new Set(c.reviewers)], c.by, c.at],
  );
  return rows[0]!.id;
}

export async function getCalibration(q: Queryable, id: number): Promise<Calibration | null> {
  const { rows } = await q.query<Calibration>(
    `SELECT k.id, k.call_id AS "callId", k.created_by AS "createdBy", k.created_at AS "createdAt",
            coalesce((SELECT json_agg(json_build_object('reviewer', r.reviewer, 'submittedAt', r.submitted_at) ORDER BY r.reviewer)
                        FROM qa_calibration_reviewers r WHERE r.calibration_id = k.id), '[]') AS reviewers
       FROM qa_calibrations k WHERE k.id = $1`,
    [id],
  );
  const c = rows[0];
  if (!c) return null;
  return { ...c, reviewers: c.reviewers.map((r) => ({ reviewer: r.reviewer, submittedAt: r.submittedAt === null ? null : new Date(r.submittedAt) })) };
}

export interface CalibrationListItem {
  id: number;
  callId: string;
  createdAt: Date;
  reviewers: number;
  submitted: number;
  /** The asking reviewer's own submission (null: not one of its reviewers, or not yet). */
  mySubmittedAt: Date | null;
  mine: boolean;
}

/** Calibrations in the banks given; with `reviewer`, only those that reviewer is part of. */
export async function listCalibrations(q: Queryable, o: { banks: string[] | null; reviewer?: string; me: string }): Promise<CalibrationListItem[]> {
  const { rows } = await q.query<CalibrationListItem>(
    `SELECT k.id, k.call_id AS "callId", k.created_at AS "createdAt",
            (SELECT count(*) FROM qa_calibration_reviewers r WHERE r.calibration_id = k.id) AS reviewers,
            (SELECT count(*) FROM qa_calibration_reviewers r WHERE r.calibration_id = k.id AND r.submitted_at IS NOT NULL) AS submitted,
            me.submitted_at AS "mySubmittedAt", me.reviewer IS NOT NULL AS mine
       FROM qa_calibrations k JOIN calls c ON c.id = k.call_id
       LEFT JOIN qa_calibration_reviewers me ON me.calibration_id = k.id AND me.reviewer = $3
      WHERE ($1::text[] IS NULL OR c.bank = ANY($1::text[]))
        AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM qa_calibration_reviewers r WHERE r.calibration_id = k.id AND r.reviewer = $2))
      ORDER BY k.created_at DESC, k.id DESC LIMIT 200`,
    [o.banks, o.reviewer ?? null, o.me],
  );
  return rows;
}

export async function calibrationVerdictsOf(q: Queryable, id: number, reviewer: string): Promise<Array<{ findingId: number; verdict: Verdict }>> {
  const { rows } = await q.query<{ findingId: number; verdict: Verdict }>(
    `SELECT finding_id AS "findingId", verdict FROM qa_calibration_verdicts
      WHERE calibration_id = $1 AND reviewer = $2 ORDER BY finding_id`,
    [id, reviewer],
  );
  return rows;
}

/**
 * Stores a reviewer's verdicts (replacing earlier ones of the same findings) and marks their part
 * submitted. Only findings of the calibration's call are taken; returns how many were stored.
 */
export async function submitCalibrationVerdicts(
  q: Queryable,
  s: { id: number; reviewer: string; verdicts: ReadonlyArray<{ findingId: number; verdict: Verdict }>; at: Date },
): Promise<number> {
  const { rows } = await q.query<{ stored: number }>(
    `WITH input AS (
       SELECT * FROM unnest($3::bigint[], $4::text[]) AS i(finding_id, verdict)
     ), stored AS (
       INSERT INTO qa_calibration_verdicts (calibration_id, reviewer, finding_id, verdict, at)
       SELECT $1, $2, i.finding_id, i.verdict, $5 FROM input i
         JOIN findings f ON f.id = i.finding_id JOIN qa_calibrations k ON k.id = $1 AND k.call_id = f.call_id
       ON CONFLICT (calibration_id, reviewer, finding_id) DO UPDATE SET verdict = EXCLUDED.verdict, at = EXCLUDED.at
       RETURNING 1
     ), mark AS (
       UPDATE qa_calibration_reviewers SET submitted_at = $5 WHERE calibration_id = $1 AND reviewer = $2
     )
     SELECT count(*) AS stored FROM stored`,
    [s.id, s.reviewer, s.verdicts.map((v) => v.findingId), s.verdicts.map((v) => v.verdict), s.at],
  );
  return rows[0]?.stored ?? 0;
}

export interface CalibrationRating {
  calibrationId: number;
  findingId: number;
  category: Category;
  reviewer: string;
  verdict: Verdict;
}

/** Every submitted calibration verdict in the banks given: the ratings agreement is computed from. */
export async function calibrationRatings(q: Queryable, banks: string[] | null): Promise<CalibrationRating[]> {
  const { rows } = await q.query<CalibrationRating>(
    `SELECT v.calibration_id AS "calibrationId", v.finding_id AS "findingId", f.category, v.reviewer, v.verdict
       FROM qa_calibration_verdicts v
       JOIN qa_calibration_reviewers r ON r.calibration_id = v.calibration_id AND r.reviewer = v.reviewer AND r.submitted_at IS NOT NULL
       JOIN findings f ON f.id = v.finding_id JOIN calls c ON c.id = f.call_id
      WHERE $1::text[] IS NULL OR c.bank = ANY($1::text[])
      ORDER BY v.calibration_id, v.finding_id, v.reviewer`,
    [banks],
  );
  return rows;
}

/** Whether the reviewer is part of a calibration of this call not yet submitted: their view of the call is blind. */
export async function hasOpenCalibration(q: Queryable, callId: string, reviewer: string): Promise<boolean> {
  const { rows } = await q.query<{ open: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM qa_calibrations k JOIN qa_calibration_reviewers r ON r.calibration_id = k.id
                     WHERE k.call_id = $1 AND r.reviewer = $2 AND r.submitted_at IS NULL) AS open`,
    [callId, reviewer],
  );
  return rows[0]!.open;
}
