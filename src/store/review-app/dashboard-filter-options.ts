import type { Queryable } from '../db.ts';

/**
 * Values for the dashboards' filter menus, within the user's bank scope, from the call rollup
 * (a few thousand rows, where the calls table may hold millions).
 */
export async function dashboardFilterOptions(q: Queryable, banks: string[] | null) {
  const { rows } = await q.query<{ banks: string[] | null; teams: string[] | null; languages: string[] | null }>(
    `SELECT array_agg(DISTINCT bank) AS banks, array_agg(DISTINCT team) FILTER (WHERE team <> '') AS teams,
            array_agg(DISTINCT language) AS languages
       FROM dash_call_weeks WHERE ($1::text[] IS NULL OR bank = ANY($1::text[])) AND calls > 0`,
    [banks],
  );
  const { rows: agents } = await q.query<{ id: string; name: string | null }>(
    `SELECT a.agent_id AS id,
            (SELECT c.agent_name FROM calls c WHERE c.agent_id = a.agent_id AND c.agent_name IS NOT NULL AND ($1::text[] IS NULL OR c.bank = ANY($1::text[]))
              ORDER BY c.started_at DESC LIMIT 1) AS name
       FROM (SELECT DISTINCT agent_id FROM dash_call_weeks WHERE ($1::text[] IS NULL OR bank = ANY($1::text[])) AND calls > 0) a
      ORDER BY a.agent_id`,
    [banks],
  );
  const r = rows[0];
  return { banks: (r?.banks ?? []).sort(), teams: (r?.teams ?? []).sort(), languages: (r?.languages ?? []).sort(), agents };
}
