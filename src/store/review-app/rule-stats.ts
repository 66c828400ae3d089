import type { Queryable } from '../db.ts';

/**
 * Read model of the Rules page: how often each rule fired, week by week (by the call's start, in the
 * deployment's week time zone as the dashboards count; the current rule versions' findings only),
 * over the last `weeks` weeks up to `now`.
 */
export async function ruleHitsPerWeek(q: Queryable, now: Date, weeks: number): Promise<Array<{ ruleId: string; week: string; hits: number }>> {
  const { rows } = await q.query<{ rule_id: string; week: string; hits: number }>(
    `SELECT f.rule_id, to_char(dash_week(c.started_at), 'YYYY-MM-DD') AS week, count(*)::int AS hits
       FROM findings f JOIN calls c ON c.id = f.call_id
      WHERE f.superseded_at IS NULL AND c.started_at >= $1::timestamptz - make_interval(weeks => $2) AND c.started_at < $1::timestamptz
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [now, weeks],
  );
  return rows.map((r) => ({ ruleId: r.rule_id, week: r.week, hits: r.hits }));
}

