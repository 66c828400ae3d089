import type { Queryable } from '../db.ts';
import { callConditions, type DashboardFilter, Params, where } from './dashboard-scope.ts';
import { localIso } from './review-queue.ts';

/**
 * The calls behind a dashboard number: the dashboard's filters plus what the number counted (a
 * week, a category, a rule, a verdict, an engine, a reviewer, a case week). Each option narrows the
 * calls the way the figure's rollup counted them (migration 125).
 */
/**
 * any / confirmed / dismissed / unreviewed / noted / acted_on: the rules' findings in that state;
 * missed: findings reviewers added by hand; violation: confirmed, by the rules or by hand.
 */
export const FINDING_STATES = ['any', 'confirmed', 'dismissed', 'unreviewed', 'noted', 'acted_on', 'missed', 'violation'] as const;
export type FindingState = (typeof FINDING_STATES)[number];
export const CASE_STATES = ['opened', 'complaint', 'closed', 'met', 'breached'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const SAMPLE_STATES = ['sampled', 'reviewed', 'clean', 'violation'] as const;
export type SampleState = (typeof SAMPLE_STATES)[number];

export interface DrillDown extends DashboardFilter {
  /** The call's week (Monday, YYYY-MM-DD). */
  week?: string;
  category?: string;
  severity?: string;
  ruleId?: string;
  /** Calls with a finding (in that state) matching category/severity/rule. */
  finding?: FindingState;
  /** Calls with a transcript of this engine; `lowQuality` those scored under 0.5. */
  engine?: string;
  lowQuality?: boolean;
  /** Calls with a verdict by this reviewer (in the verdict's week `reviewWeek`). */
  reviewer?: string;
  reviewWeek?: string;
  /** Calls of cases opened (closed) in the week `caseWeek`, in that state. */
  caseWeek?: string;
  caseState?: CaseState;
  /** Calls of the weekly QA sample (in the sample's week `sampleWeek`), in that state. */
  sample?: SampleState;
  sampleWeek?: string;
  now: Date;
  limit: number;
  offset: number;
}

export interface DrillDownCall {
  callId: string;
  startedAt: string;
  agentId: string;
  agentName: string | null;
  team: string | null;
  bank: string;
  language: string;
  findings: number;
  confirmed: number;
  unreviewed: number;
}

function findingConditions(d: DrillDown, p: Params): string[] {
  const w: string[] = [];
  if (d.category !== undefined) w.push(`f.category = ${p.add(d.category)}`);
  if (d.severity !== undefined) w.push(`f.severity = ${p.add(d.severity)}`);
  if (d.ruleId !== undefined) w.push(`f.rule_id = ${p.add(d.ruleId)}`);
  if (d.finding === 'missed') w.push(`f.origin = 'manual'`);
  else if (d.finding === 'violation') w.push(`f.verdict = 'confirmed'`);
  else if (d.finding !== undefined || d.reviewer !== undefined || d.reviewWeek !== undefined) w.push(`f.origin = 'rule'`);
  if (d.finding === 'confirmed' || d.finding === 'dismissed' || d.finding === 'noted' || d.finding === 'acted_on') w.push(`f.verdict = ${p.add(d.finding)}`);
  if (d.finding === 'unreviewed') w.push(`f.verdict IS NULL`);
  if (d.reviewer !== undefined) w.push(`f.verdict IS NOT NULL AND coalesce(f.verdict_by, '') = ${p.add(d.reviewer)}`);
  if (d.reviewWeek !== undefined) w.push(`f.verdict IS NOT NULL AND dash_week(f.verdict_at) = ${p.add(d.reviewWeek)}::date`);
  return w;
}

/** The conditions on the call's own row: the dashboard filters and the week. */
function callRowConditions(d: DrillDown, p: Params): string[] {
  const w = callConditions(d, p);
  if (d.week !== undefined) {
    const week = p.add(d.week);
    w.push(`dash_week(c.started_at) = ${week}::date`);
    w.push(`c.started_at >= ${week}::date - interval '1 day' AND c.started_at < ${week}::date + interval '8 days'`);
  }
  return w;
}

/** The conditions on what belongs to the call (findings, transcripts, sample, cases): each a probe by call id. */
function relatedConditions(d: DrillDown, p: Params): string[] {
  const w: string[] = [];
  const fc = findingConditions(d, p);
  if (fc.length || d.finding !== undefined) {
    w.push(`EXISTS (SELECT 1 FROM findings f WHERE f.call_id = c.id${fc.map((x) => ` AND ${x}`).join('')})`);
  }
  if (d.engine !== undefined || d.lowQuality) {
    const tc = [
      ...(d.engine !== undefined ? [`t.engine = ${p.add(d.engine)}`] : []),
      ...(d.lowQuality ? [`(t.quality ->> 'score')::float8 < 0.5`] : []),
    ];
    w.push(`EXISTS (SELECT 1 FROM transcripts t WHERE t.call_id = c.id AND ${tc.join(' AND ')})`);
  }
  if (d.sample !== undefined || d.sampleWeek !== undefined) {
    const sc: string[] = [];
    if (d.sampleWeek !== undefined) sc.push(`s.week_start = ${p.add(d.sampleWeek)}::date`);
    if (d.sample === 'reviewed') sc.push('s.reviewed_at IS NOT NULL');
    if (d.sample === 'clean' || d.sample === 'violation') sc.push(`s.outcome = ${p.add(d.sample)}`);
    w.push(`EXISTS (SELECT 1 FROM qa_samples s WHERE s.call_id = c.id${sc.map((x) => ` AND ${x}`).join('')})`);
  }
  if (d.caseWeek !== undefined || d.caseState !== undefined) {
    const kc: string[] = [];
    const state = d.caseState ?? 'opened';
    const weekCol = state === 'closed' ? 'k.closed_at' : 'k.opened_at';
    if (d.caseWeek !== undefined) kc.push(`${weekCol} IS NOT NULL AND dash_week(${weekCol}) = ${p.add(d.caseWeek)}::date`);
    if (state === 'complaint') kc.push(`(k.kind = 'complaint' OR k.opened_reason = 'complaint' OR EXISTS (SELECT 1 FROM complaints co WHERE co.case_id = k.id))`);
    if (state === 'met') kc.push('k.first_response_at IS NOT NULL AND k.first_response_at <= k.sla_due_at');
    if (state === 'breached') kc.push(`coalesce(k.first_response_at, ${p.add(d.now)}::timestamptz) > k.sla_due_at`);
    if (state === 'closed') kc.push('k.closed_at IS NOT NULL');
    w.push(`EXISTS (SELECT 1 FROM case_calls cc JOIN cases k ON k.id = cc.case_id WHERE cc.call_id = c.id${kc.map((x) => ` AND ${x}`).join('')})`);
  }
  return w;
}

export function drillDownConditions(d: DrillDown, p: Params): string[] {
  return [...callRowConditions(d, p), ...relatedConditions(d, p)];
}

/**
 * The calls to page through, newest first. Within one week (some 20,000 calls in a year of a
 * million) the week's calls are sorted first and probed in that order, so the probes stop at the
 * page's end; the planner, unable to estimate how many calls a probe lets through, would otherwise
 * probe every call of the week before sorting. `OFFSET 0` keeps the sorted subquery apart. Without a
 * week the range may be a year: there the walk down the index on started_at already stops early.
 */
function pagedCalls(d: DrillDown, p: Params, columns: string): string {
  if (d.week === undefined) return `SELECT ${columns} FROM calls c ${where(drillDownConditions(d, p))}`;
  const rowConditions = where(callRowConditions(d, p));
  return `SELECT ${columns}
            FROM (SELECT ${columns} FROM calls c ${rowConditions} ORDER BY c.started_at DESC, c.id OFFSET 0) c
            ${where(relatedConditions(d, p))}`;
}

/**
 * A page of the calls, newest first, read through the index on started_at: the scan stops once the
 * page (and one more row, to know whether there is a next page) is found. A total would have to
 * test every call of the range (a year holds millions); the number clicked on the dashboard is it.
 */
export async function listDrillDownCalls(q: Queryable, d: DrillDown): Promise<{ items: DrillDownCall[]; hasMore: boolean }> {
  const p = new Params();
  const columns = 'c.id, c.started_at, c.utc_offset_minutes, c.agent_id, c.agent_name, c.team, c.bank, c.language';
  const { rows } = await q.query<DrillDownCall & { startedAtInstant: Date; utcOffsetMinutes: number }>(
    `WITH page AS (
       ${pagedCalls(d, p, columns)}
        ORDER BY c.started_at DESC, c.id
        LIMIT ${p.add(d.limit + 1)} OFFSET ${p.add(d.offset)}
     )
     SELECT pg.id AS "callId", pg.started_at AS "startedAtInstant", pg.utc_offset_minutes AS "utcOffsetMinutes",
            pg.agent_id AS "agentId", pg.agent_name AS "agentName", pg.team, pg.bank, pg.language,
            fs.findings, fs.confirmed, fs.unreviewed
       FROM page pg
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS findings, count(*) FILTER (WHERE f.verdict = 'confirmed')::int AS confirmed,
                count(*) FILTER (WHERE f.verdict IS NULL)::int AS unreviewed
           FROM findings f WHERE f.call_id = pg.id) fs
      ORDER BY pg.started_at DESC, pg.id`,
    p.values,
  );
  return {
    hasMore: rows.length > d.limit,
    items: rows.slice(0, d.limit).map(({ startedAtInstant, utcOffsetMinutes, ...r }) => ({ ...r, startedAt: localIso(startedAtInstant, utcOffsetMinutes) })),
  };
}
