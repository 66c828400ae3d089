import type { Queryable } from '../db.ts';
import { BORROWER_SIGNAL_CATEGORIES } from '../../domain/finding-verdict.ts';
import { callConditions, type DashboardFilter, Params, rollupConditions, where } from './dashboard-scope.ts';

/**
 * The management dashboards' figures, read from the weekly rollups (migration 125, kept by triggers)
 * and, for cases, from the cases table. One function per figure; docs/dashboards.md defines each.
 */

/** hits: raised by the rules; missed: added by reviewers (what the rules missed, schema 126). */
export interface FindingWeekRow { week: string; category: string; severity: string; hits: number; confirmed: number; dismissed: number; missed: number }

export async function findingsPerWeek(q: Queryable, f: DashboardFilter): Promise<FindingWeekRow[]> {
  const p = new Params();
  const { rows } = await q.query<FindingWeekRow>(
    `SELECT d.week::text AS week, d.category, d.severity,
            sum(d.hits)::int AS hits, sum(d.confirmed)::int AS confirmed, sum(d.dismissed)::int AS dismissed, sum(d.missed)::int AS missed
       FROM dash_finding_weeks d ${where(rollupConditions(f, p))}
      GROUP BY d.week, d.category, d.severity
     HAVING sum(d.hits) + sum(d.missed) > 0
      ORDER BY d.week, d.category, d.severity`,
    p.values,
  );
  return rows;
}

export const RATE_GROUPS = ['agent', 'team', 'bank'] as const;
export type RateGroup = (typeof RATE_GROUPS)[number];
const GROUP_COLUMN: Record<RateGroup, string> = { agent: 'agent_id', team: 'team', bank: 'bank' };

export interface ViolationRateRow {
  key: string;
  calls: number;
  flaggedCalls: number;
  violationCalls: number;
  confirmedFindings: number;
  reviewedFindings: number;
  /** Findings reviewers added by hand: what the rules missed. */
  missedFindings: number;
}

/**
 * Per agent, team or bank: calls, calls with a finding, calls with a confirmed finding (the
 * confirmed-violation rate is violationCalls / calls), and the confirmed and reviewed findings.
 */
export async function violationRates(q: Queryable, f: DashboardFilter, by: RateGroup): Promise<ViolationRateRow[]> {
  const col = GROUP_COLUMN[by];
  const p = new Params();
  const cond = where(rollupConditions(f, p));
  const { rows } = await q.query<ViolationRateRow>(
    `WITH calls_of AS (
       SELECT d.${col} AS key, sum(d.calls)::int AS calls, sum(d.flagged_calls)::int AS flagged, sum(d.violation_calls)::int AS violations
         FROM dash_call_weeks d ${cond} GROUP BY d.${col}
     ), findings_of AS (
       SELECT d.${col} AS key, sum(d.confirmed)::int AS confirmed, sum(d.confirmed + d.dismissed)::int AS reviewed, sum(d.missed)::int AS missed
         FROM dash_finding_weeks d ${cond} GROUP BY d.${col}
     )
     SELECT c.key, c.calls, c.flagged AS "flaggedCalls", c.violations AS "violationCalls",
            coalesce(fi.confirmed, 0) AS "confirmedFindings", coalesce(fi.reviewed, 0) AS "reviewedFindings",
            coalesce(fi.missed, 0) AS "missedFindings"
       FROM calls_of c LEFT JOIN findings_of fi ON fi.key = c.key
      WHERE c.calls > 0
      ORDER BY c.violations::float8 / c.calls DESC, c.calls DESC, c.key`,
    p.values,
  );
  return rows;
}

export interface RuleRow { ruleId: string; category: string; hits: number; confirmed: number; dismissed: number; missed: number }

/**
 * Rules by hits, by confirmed hits and by misses (manual findings naming the rule, or 'manual.missed'
 * when no rule covers them), lists of `limit`.
 */
export async function topRules(q: Queryable, f: DashboardFilter, limit: number): Promise<{ byHits: RuleRow[]; byConfirmed: RuleRow[]; byMissed: RuleRow[] }> {
  const p = new Params();
  const cond = where(rollupConditions(f, p));
  const lim = p.add(limit);
  const { rows } = await q.query<RuleRow & { rankHits: number; rankConfirmed: number; rankMissed: number }>(
    `WITH per_rule AS (
       SELECT d.rule_id, min(d.category) AS category, sum(d.hits)::int AS hits, sum(d.confirmed)::int AS confirmed, sum(d.dismissed)::int AS dismissed,
              sum(d.missed)::int AS missed
         FROM dash_finding_weeks d ${cond} GROUP BY d.rule_id HAVING sum(d.hits) + sum(d.missed) > 0
     ), ranked AS (
       SELECT *, row_number() OVER (ORDER BY hits DESC, rule_id) AS rank_hits,
                 row_number() OVER (ORDER BY confirmed DESC, hits DESC, rule_id) AS rank_confirmed,
                 row_number() OVER (ORDER BY missed DESC, rule_id) AS rank_missed
         FROM per_rule
     )
     SELECT rule_id AS "ruleId", category, hits, confirmed, dismissed, missed,
            rank_hits AS "rankHits", rank_confirmed AS "rankConfirmed", rank_missed AS "rankMissed"
       FROM ranked WHERE (rank_hits <= ${lim} AND hits > 0) OR (rank_confirmed <= ${lim} AND confirmed > 0) OR (rank_missed <= ${lim} AND missed > 0)`,
    p.values,
  );
  const strip = ({ rankHits: _h, rankConfirmed: _c, rankMissed: _m, ...r }: (typeof rows)[number]): RuleRow => r;
  return {
    byHits: rows.filter((r) => r.rankHits <= limit && r.hits > 0).sort((a, b) => a.rankHits - b.rankHits).map(strip),
    byConfirmed: rows.filter((r) => r.rankConfirmed <= limit && r.confirmed > 0).sort((a, b) => a.rankConfirmed - b.rankConfirmed).map(strip),
    byMissed: rows.filter((r) => r.rankMissed <= limit && r.missed > 0).sort((a, b) => a.rankMissed - b.rankMissed).map(strip),
  };
}

export interface CaseWeekRow {
  week: string;
  opened: number;
  complaintOpened: number;
  closed: number;
  slaMet: number;
  slaBreached: number;
}

/**
 * Cases per week (the deployment's week time zone): opened (and of those, opened by a complaint or carrying one), closed (in the
 * week they closed), and, of the cases opened that week, first-response SLA met or breached
 * (breached: answered late, or still unanswered past the due time at `now`). Team, agent and
 * language select cases with a call of theirs.
 */
export async function caseWeeks(q: Queryable, f: DashboardFilter, now: Date): Promise<CaseWeekRow[]> {
  const p = new Params();
  const cs: string[] = [];
  if (f.banks !== null) cs.push(`k.bank = ANY(${p.add(f.banks)}::text[])`);
  if (f.bank !== undefined) cs.push(`k.bank = ${p.add(f.bank)}`);
  const callCond: string[] = [];
  if (f.team !== undefined) callCond.push(`coalesce(c.team, '') = ${p.add(f.team)}`);
  if (f.agentId !== undefined) callCond.push(`c.agent_id = ${p.add(f.agentId)}`);
  if (f.language !== undefined) callCond.push(`c.language = ${p.add(f.language)}`);
  if (callCond.length) {
    cs.push(`EXISTS (SELECT 1 FROM case_calls cc JOIN calls c ON c.id = cc.call_id WHERE cc.case_id = k.id AND ${callCond.join(' AND ')})`);
  }
  // The week test is dash_week's (the deployment's zone); the bounds a day wider let the index choose rows.
  const range = (col: string): string[] => [
    ...(f.from !== undefined ? (() => {
      const from = p.add(f.from);
      return [`dash_week(${col}) >= date_trunc('week', ${from}::date)::date`, `${col} >= date_trunc('week', ${from}::date) - interval '1 day'`];
    })() : []),
    ...(f.to !== undefined ? (() => {
      const to = p.add(f.to);
      return [`dash_week(${col}) <= date_trunc('week', ${to}::date)::date`, `${col} < date_trunc('week', ${to}::date) + interval '8 days'`];
    })() : []),
  ];
  const openedCond = where([...cs, ...range('k.opened_at')]);
  const closedCond = where([...cs, 'k.closed_at IS NOT NULL', ...range('k.closed_at')]);
  const nowP = p.add(now);
  const { rows } = await q.query<CaseWeekRow>(
    `WITH opened AS (
       SELECT dash_week(k.opened_at) AS week, count(*)::int AS opened,
              count(*) FILTER (WHERE k.kind = 'complaint' OR k.opened_reason = 'complaint' OR EXISTS (SELECT 1 FROM complaints co WHERE co.case_id = k.id))::int AS complaint_opened,
              count(*) FILTER (WHERE k.first_response_at IS NOT NULL AND k.first_response_at <= k.sla_due_at)::int AS met,
              count(*) FILTER (WHERE coalesce(k.first_response_at, ${nowP}::timestamptz) > k.sla_due_at)::int AS breached
         FROM cases k ${openedCond} GROUP BY 1
     ), closed AS (
       SELECT dash_week(k.closed_at) AS week, count(*)::int AS closed
         FROM cases k ${closedCond} GROUP BY 1
     )
     SELECT coalesce(o.week, c.week)::text AS week, coalesce(o.opened, 0) AS opened, coalesce(o.complaint_opened, 0) AS "complaintOpened",
            coalesce(c.closed, 0) AS closed, coalesce(o.met, 0) AS "slaMet", coalesce(o.breached, 0) AS "slaBreached"
       FROM opened o FULL JOIN closed c ON c.week = o.week
      ORDER BY 1`,
    p.values,
  );
  return rows;
}

export interface ReviewWeekRow { week: string; confirmed: number; dismissed: number; noted: number; actedOn: number }
export interface ReviewerRow { reviewer: string; reviews: number; confirmed: number; dismissed: number }
export interface BacklogWeekRow { week: string; unreviewed: number }

/**
 * QA throughput (verdicts per week, and per reviewer over the range) and backlog (findings with
 * no verdict yet, by the week of their call).
 */
export async function qaThroughput(q: Queryable, f: DashboardFilter): Promise<{ weeks: ReviewWeekRow[]; reviewers: ReviewerRow[]; backlog: BacklogWeekRow[]; backlogTotal: number }> {
  const p = new Params();
  const cond = where(rollupConditions(f, p));
  const { rows: weeks } = await q.query<ReviewWeekRow>(
    `SELECT d.week::text AS week, (sum(d.reviews) FILTER (WHERE d.verdict = 'confirmed'))::int AS confirmed,
            (sum(d.reviews) FILTER (WHERE d.verdict = 'dismissed'))::int AS dismissed,
            (sum(d.reviews) FILTER (WHERE d.verdict = 'noted'))::int AS noted,
            (sum(d.reviews) FILTER (WHERE d.verdict = 'acted_on'))::int AS "actedOn"
       FROM dash_review_weeks d ${cond} GROUP BY d.week HAVING sum(d.reviews) > 0 ORDER BY d.week`,
    p.values,
  );
  const { rows: reviewers } = await q.query<ReviewerRow>(
    `SELECT d.reviewer, sum(d.reviews)::int AS reviews, coalesce(sum(d.reviews) FILTER (WHERE d.verdict = 'confirmed'), 0)::int AS confirmed,
            coalesce(sum(d.reviews) FILTER (WHERE d.verdict = 'dismissed'), 0)::int AS dismissed
       FROM dash_review_weeks d ${cond} GROUP BY d.reviewer HAVING sum(d.reviews) > 0 ORDER BY 2 DESC, 1`,
    p.values,
  );
  const { rows: backlog } = await q.query<BacklogWeekRow>(
    `SELECT d.week::text AS week, sum(d.hits - d.confirmed - d.dismissed - d.noted - d.acted_on)::int AS unreviewed
       FROM dash_finding_weeks d ${cond} GROUP BY d.week HAVING sum(d.hits - d.confirmed - d.dismissed - d.noted - d.acted_on) > 0 ORDER BY d.week`,
    p.values,
  );
  return {
    weeks: weeks.map((w) => ({ ...w, confirmed: w.confirmed ?? 0, dismissed: w.dismissed ?? 0, noted: w.noted ?? 0, actedOn: w.actedOn ?? 0 })),
    reviewers,
    backlog,
    backlogTotal: backlog.reduce((s, b) => s + b.unreviewed, 0),
  };
}

export interface EngineWeekRow { week: string; engine: string; transcripts: number; meanQuality: number | null; lowQuality: number }

/** Transcripts per week and engine, their mean quality score and how many scored under 0.5. */
export async function engineMix(q: Queryable, f: DashboardFilter): Promise<EngineWeekRow[]> {
  const p = new Params();
  const { rows } = await q.query<EngineWeekRow>(
    `SELECT d.week::text AS week, d.engine, sum(d.transcripts)::int AS transcripts,
            CASE WHEN sum(d.scored) > 0 THEN round((sum(d.quality_sum) / sum(d.scored))::numeric, 3)::float8 END AS "meanQuality",
            sum(d.low_quality)::int AS "lowQuality"
       FROM dash_transcript_weeks d ${where(rollupConditions(f, p))}
      GROUP BY d.week, d.engine HAVING sum(d.transcripts) > 0 ORDER BY d.week, d.engine`,
    p.values,
  );
  return rows;
}

export interface SignalWeekRow { week: string; category: string; raised: number; noted: number; actedOn: number; awaiting: number }

/**
 * Borrower signals (complaint risk, cease requests, vulnerability) per week, apart from the agent
 * figures: raised by the rules, noted, acted on, awaiting a reviewer.
 */
export async function signalWeeks(q: Queryable, f: DashboardFilter): Promise<SignalWeekRow[]> {
  const p = new Params();
  const cond = rollupConditions(f, p);
  cond.push(`d.category = ANY(${p.add(BORROWER_SIGNAL_CATEGORIES)}::text[])`);
  const { rows } = await q.query<SignalWeekRow>(
    `SELECT d.week::text AS week, d.category, sum(d.hits)::int AS raised, sum(d.noted)::int AS noted, sum(d.acted_on)::int AS "actedOn",
            sum(d.hits - d.confirmed - d.dismissed - d.noted - d.acted_on)::int AS awaiting
       FROM dash_finding_weeks d ${where(cond)}
      GROUP BY d.week, d.category HAVING sum(d.hits) > 0 ORDER BY d.week, d.category`,
    p.values,
  );
  return rows;
}

export interface SampleWeekRow { week: string; sampled: number; reviewed: number; clean: number; violation: number }

/**
 * The weekly random sample of unflagged calls (schema 120): drawn, reviewed, found clean, found with
 * a violation. violation / reviewed estimates how often an unflagged call hides one (the rules' misses).
 */
export async function sampleWeeks(q: Queryable, f: DashboardFilter): Promise<SampleWeekRow[]> {
  const p = new Params();
  // Driven from the samples (a few percent of the calls) by their week, each call looked up by its key.
  const w: string[] = [];
  if (f.from !== undefined) w.push(`s.week_start >= date_trunc('week', ${p.add(f.from)}::date)::date`);
  if (f.to !== undefined) w.push(`s.week_start <= date_trunc('week', ${p.add(f.to)}::date)::date`);
  if (f.agentId !== undefined) w.push(`s.agent_id = ${p.add(f.agentId)}`);
  const onCall = callConditions({ ...f, from: undefined, to: undefined }, p);
  if (onCall.length) w.push(`EXISTS (SELECT 1 FROM calls c WHERE c.id = s.call_id AND ${onCall.join(' AND ')})`);
  const { rows } = await q.query<SampleWeekRow>(
    `SELECT s.week_start::text AS week, count(*)::int AS sampled, count(s.reviewed_at)::int AS reviewed,
            count(*) FILTER (WHERE s.outcome = 'clean')::int AS clean, count(*) FILTER (WHERE s.outcome = 'violation')::int AS violation
       FROM qa_samples s
      ${where(w)}
      GROUP BY s.week_start ORDER BY s.week_start`,
    p.values,
  );
  return rows;
}
