import type { Queryable } from './db.ts';

/**
 * What a re-scan with a new rule pack version does to a call's earlier findings. Findings are
 * keyed by rule version, so a verdict stays tied to the version it judged; these statements mark
 * the earlier versions' findings superseded and copy a verdict to a new finding where the
 * re-scan's caller found the rule's matching unchanged (src/pipeline/operations/rescan-verdicts.ts).
 */

/** The call's findings that are not among the re-scan's are superseded by `packHash`; returns how many. */
export async function supersedeFindingsOutside(q: Queryable, callId: string, currentIds: readonly number[], packHash: string): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE findings SET superseded_at = now(), superseded_by_pack = $3
      WHERE call_id = $1 AND superseded_at IS NULL AND NOT (id = ANY($2::bigint[]))`,
    [callId, currentIds, packHash],
  );
  return rowCount ?? 0;
}

/** Findings of a version made current again (a rollback re-scanned): no longer superseded; returns how many. */
export async function restoreFindings(q: Queryable, callId: string, ids: readonly number[]): Promise<number> {
  const { rowCount } = await q.query(
    'UPDATE findings SET superseded_at = NULL, superseded_by_pack = NULL WHERE call_id = $1 AND id = ANY($2::bigint[]) AND superseded_at IS NOT NULL',
    [callId, ids],
  );
  return rowCount ?? 0;
}

/** A new finding without a verdict and an earlier-version finding of the same rule, span and quote that has one. */
export interface VerdictCandidate {
  toId: number;
  fromId: number;
  ruleId: string;
  fromVersion: string;
  fromPack: string | null;
  toVersion: string;
}

export async function verdictCandidates(q: Queryable, callId: string, newIds: readonly number[]): Promise<VerdictCandidate[]> {
  const { rows } = await q.query<{ to_id: number; from_id: number; rule_id: string; from_version: string; from_pack: string | null; to_version: string }>(
    `SELECT n.id AS to_id, o.id AS from_id, n.rule_id, o.rule_version AS from_version, o.pack_hash AS from_pack, n.rule_version AS to_version
       FROM findings n
       JOIN findings o ON o.call_id = n.call_id AND o.rule_id = n.rule_id AND o.rule_version <> n.rule_version
                      AND o.segment_index IS NOT DISTINCT FROM n.segment_index
                      AND o.start_ms = n.start_ms AND o.end_ms = n.end_ms AND o.quote = n.quote
      WHERE n.call_id = $1 AND n.id = ANY($2::bigint[]) AND n.verdict IS NULL AND o.verdict IS NOT NULL
      ORDER BY n.id, o.verdict_at DESC, o.id DESC`,
    [callId, newIds],
  );
  return rows.map((r) => ({ toId: r.to_id, fromId: r.from_id, ruleId: r.rule_id, fromVersion: r.from_version, fromPack: r.from_pack, toVersion: r.to_version }));
}

/** Copies the verdict of `fromId` to `toId` when `toId` has none yet; true when copied. */
export async function carryVerdict(q: Queryable, toId: number, fromId: number): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE findings t SET verdict = s.verdict, verdict_reason = s.verdict_reason, verdict_note = s.verdict_note,
            verdict_by = s.verdict_by, verdict_at = s.verdict_at, verdict_carried_from = s.id
       FROM findings s WHERE t.id = $1 AND s.id = $2 AND t.verdict IS NULL AND s.verdict IS NOT NULL`,
    [toId, fromId],
  );
  return rowCount === 1;
}
