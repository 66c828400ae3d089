import type { Queryable } from '../db.ts';
import { type DashboardFilter, Params, rollupConditions, where } from './dashboard-scope.ts';

/**
 * One agent's scorecard: who they are, their week-by-week figures from the rollups (migration 125),
 * confirmed violations by category, and the cases their calls belong to. Bank-scoped: an agent who
 * works for several banks shows only the calls of the reader's banks.
 */
export interface AgentIdentity { agentId: string; agentName: string | null; teams: string[]; banks: string[]; languages: string[] }

export async function agentIdentity(q: Queryable, banks: string[] | null, agentId: string): Promise<AgentIdentity | null> {
  const { rows } = await q.query<AgentIdentity & { n: number }>(
    `SELECT count(*)::int AS n,
            (array_agg(c.agent_name ORDER BY c.started_at DESC) FILTER (WHERE c.agent_name IS NOT NULL))[1] AS "agentName",
            coalesce(array_agg(DISTINCT c.team) FILTER (WHERE c.team IS NOT NULL), '{}') AS teams,
            array_agg(DISTINCT c.bank) AS banks, array_agg(DISTINCT c.language) AS languages
       FROM calls c WHERE c.agent_id = $1 AND ($2::text[] IS NULL OR c.bank = ANY($2::text[]))`,
    [agentId, banks],
  );
  const r = rows[0];
  if (!r || r.n === 0) return null;
  return { agentId, agentName: r.agentName, teams: r.teams.sort(), banks: r.banks.sort(), languages: r.languages.sort() };
}

export interface ScorecardWeek { week: string; calls: number; flaggedCalls: number; violationCalls: number; confirmedFindings: number }

/** Every week of the range, those without calls as zeros, so a trend line has no gaps. */
export async function agentWeeks(q: Queryable, f: DashboardFilter & { agentId: string; from: string; to: string }): Promise<ScorecardWeek[]> {
  const p = new Params();
  const cond = where(rollupConditions(f, p));
  const from = p.add(f.from);
  const to = p.add(f.to);
  const { rows } = await q.query<ScorecardWeek>(
    `WITH weeks AS (
       SELECT generate_series(date_trunc('week', ${from}::date), date_trunc('week', ${to}::date), interval '7 days')::date AS week
     ), calls_of AS (
       SELECT d.week, sum(d.calls)::int AS calls, sum(d.flagged_calls)::int AS flagged, sum(d.violation_calls)::int AS violations
         FROM dash_call_weeks d ${cond} GROUP BY d.week
     ), findings_of AS (
       SELECT d.week, sum(d.confirmed)::int AS confirmed FROM dash_finding_weeks d ${cond} GROUP BY d.week
     )
     SELECT w.week::text AS week, coalesce(c.calls, 0) AS calls, coalesce(c.flagged, 0) AS "flaggedCalls",
            coalesce(c.violations, 0) AS "violationCalls", coalesce(fi.confirmed, 0) AS "confirmedFindings"
       FROM weeks w LEFT JOIN calls_of c ON c.week = w.week LEFT JOIN findings_of fi ON fi.week = w.week
      ORDER BY w.week`,
    p.values,
  );
  return rows;
}

export interface CategoryCount { category: string; confirmed: number; hits: number; missed: number }

export async function agentCategories(q: Queryable, f: DashboardFilter): Promise<CategoryCount[]> {
  const p = new Params();
  const { rows } = await q.query<CategoryCount>(
    `SELECT d.category, sum(d.confirmed)::int AS confirmed, sum(d.hits)::int AS hits, sum(d.missed)::int AS missed
       FROM dash_finding_weeks d ${where(rollupConditions(f, p))}
      GROUP BY d.category HAVING sum(d.hits) + sum(d.missed) > 0 ORDER BY sum(d.confirmed) + sum(d.missed) DESC, 3 DESC, 1`,
    p.values,
  );
  return rows;
}

export interface AgentCase {
  id: number;
  bank: string;
  borrowerId: string;
  status: string;
  openedReason: string;
  openedAt: Date;
  slaDueAt: Date;
  firstResponseAt: Date | null;
  closedAt: Date | null;
  complaints: number;
  calls: number;
}

/** Cases with a call of this agent: complaint cases first, then the newest. */
export async function agentCases(q: Queryable, banks: string[] | null, agentId: string, limit: number): Promise<AgentCase[]> {
  const { rows } = await q.query<AgentCase>(
    `SELECT k.id, k.bank, k.borrower_id AS "borrowerId", k.status, k.opened_reason AS "openedReason", k.opened_at AS "openedAt",
            k.sla_due_at AS "slaDueAt", k.first_response_at AS "firstResponseAt", k.closed_at AS "closedAt",
            (SELECT count(*)::int FROM complaints co WHERE co.case_id = k.id) AS complaints,
            (SELECT count(*)::int FROM case_calls cc JOIN calls c ON c.id = cc.call_id WHERE cc.case_id = k.id AND c.agent_id = $1) AS calls
       FROM cases k
      WHERE ($2::text[] IS NULL OR k.bank = ANY($2::text[]))
        AND EXISTS (SELECT 1 FROM case_calls cc JOIN calls c ON c.id = cc.call_id WHERE cc.case_id = k.id AND c.agent_id = $1)
      ORDER BY (k.kind = 'complaint' OR k.opened_reason = 'complaint' OR EXISTS (SELECT 1 FROM complaints co WHERE co.case_id = k.id)) DESC, k.opened_at DESC, k.id DESC
      LIMIT $3`,
    [agentId, banks, limit],
  );
  return rows;
}
