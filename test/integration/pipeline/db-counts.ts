import type { Queryable } from '../../../src/store/db.ts';

/** Row counts of every table a stage writes: a re-run must leave them all unchanged. */
export async function tableCounts(q: Queryable): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['calls', 'transcripts', 'findings', 'cases', 'case_calls', 'case_events', 'stage_results']) {
    const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`);
    out[t] = rows[0]!.n;
  }
  return out;
}

/** Findings that share (call, rule, version, segment, start): must be none. */
export async function duplicatedFindings(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM findings GROUP BY call_id, rule_id, rule_version, segment_index, start_ms HAVING count(*) > 1) d`,
  );
  return rows[0]!.n;
}
