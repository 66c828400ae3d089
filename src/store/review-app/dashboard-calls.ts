import type { Queryable } from '../db.ts';
import { callConditions, type DashboardFilter, Params, where } from './dashboard-scope.ts';
import { localIso } from './review-queue.ts';

/**
 * The calls behind a dashboard number: the dashboard's filters plus what the number counted (a
 * week, a category, a rule, a verdict, an engine, a reviewer, a case week). Each option narrows the
 * calls the way the figure's rollup counted them (migration 125).
 */
export const FINDING_STATES = ['any', 'confirmed', 'dismissed', 'unreviewed'] as const;
export type FindingState = (typeof FINDING_STATES)[number];
export const CASE_STATES = ['opened', 'complaint', 'closed', 'met', 'breached'] as const;
export type CaseState = (typeof CASE_STATES)[number];

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
  /** Calls with a verdict by this reviewer (in the verdict's UTC week `reviewWeek`). */
  reviewer?: string;
  reviewWeek?: string;
  /** Calls of cases opened (closed) in the UTC week `caseWeek`, in that state. */
  caseWeek?: string;
  caseState?: CaseState;
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
  if (d.finding === 'confirmed') w.push(`f.verdict = 'confirmed'`);
  if (d.finding === 'dismissed') w.push(`f.verdict = 'dismissed'`);
  if (d.finding === 'unreviewed') w.push(`f.verdict IS NULL`);
  if (d.reviewer !== undefined) w.push(`f.verdict IS NOT NULL AND coalesce(f.verdict_by, '') = ${p.add(d.reviewer)}`);
  if (d.reviewWeek !== undefined) w.push(`f.verdict IS NOT NULL AND date_trunc('week', f.verdict_at AT TIME ZONE 'UTC')::date = ${p.add(d.reviewWeek)}::date`);
  return w;
}

export function drillDownConditions(d: DrillDown, p: Params): string[] {
  const w = callConditions(d, p);
  if (d.week !== undefined) {
    const week = p.add(d.week);
    w.push(`dash_week(c.started_at, c.utc_offset_minutes) = ${week}::date`);
    w.push(`c.started_at >= ${week}::date - interval '1 day' AND c.started_at < ${week}::date + interval '8 days'`);
  }
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
  if (d.caseWeek !== undefined || d.caseState !== undefined) {
    const kc: string[] = [];
    const state = d.caseState ?? 'opened';
    const weekCol = state === 'closed' ? 'k.closed_at' : 'k.opened_at';
    if (d.caseWeek !== undefined) kc.push(`${weekCol} IS NOT NULL AND date_trunc('week', ${weekCol} AT TIME ZONE 'UTC')::date = ${p.add(d.caseWeek)}::date`);
    if (state === 'complaint') kc.push(`(k.opened_reason = 'complaint' OR EXISTS (SELECT 1 FROM complaints co WHERE co.case_id = k.id))`);
    if (state === 'met') kc.push('k.first_response_at IS NOT NULL AND k.first_response_at <= k.sla_due_at');
    if (state === 'breached') kc.push(`coalesce(k.first_response_at, ${p.add(d.now)}::timestamptz) > k.sla_due_at`);
    if (state === 'closed') kc.push('k.closed_at IS NOT NULL');
    w.push(`EXISTS (SELECT 1 FROM case_calls cc JOIN cases k ON k.id = cc.case_id WHERE cc.call_id = c.id${kc.map((x) => ` AND ${x}`).join('')})`);
  }
  return w;
}

export async function listDrillDownCalls(q: Queryable, d: DrillDown): Promise<{ items: DrillDownCall[]; total: number }> {
  const p = new Params();
  const cond = where(drillDownConditions(d, p));
  const { rows } = await q.query<DrillDownCall & { startedAtInstant: Date; utcOffsetMinutes: number; total: number }>(
    `SELECT c.id AS "callId", c.started_at AS "startedAtInstant", c.utc_offset_minutes AS "utcOffsetMinutes",
            c.agent_id AS "agentId", c.agent_name AS "agentName", c.team, c.bank, c.language,
            fs.findings, fs.confirmed, fs.unreviewed, count(*) OVER () AS total
       FROM calls c
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS findings, count(*) FILTER (WHERE f.verdict = 'confirmed')::int AS confirmed,
                count(*) FILTER (WHERE f.verdict IS NULL)::int AS unreviewed
           FROM findings f WHERE f.call_id = c.id) fs
      ${cond}
      ORDER BY c.started_at DESC, c.id
      LIMIT ${p.add(d.limit)} OFFSET ${p.add(d.offset)}`,
    p.values,
  );
  const total = rows[0]?.total ?? 0;
  return {
    total,
    items: rows.map(({ startedAtInstant, utcOffsetMinutes, total: _t, ...r }) => ({ ...r, startedAt: localIso(startedAtInstant, utcOffsetMinutes) })),
  };
}
