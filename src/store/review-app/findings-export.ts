import type { Queryable } from '../db.ts';
import { callConditions, type DashboardFilter, Params, where } from './dashboard-scope.ts';
import type { FindingState } from './dashboard-calls.ts';
import { localIso } from './review-queue.ts';

/** Findings with their verdicts and their call's metadata, for the findings export. */
export interface FindingsExportFilter extends DashboardFilter {
  category?: string;
  severity?: string;
  ruleId?: string;
  finding?: FindingState;
  limit: number;
}

export interface ExportedFinding {
  findingId: number;
  callId: string;
  startedAt: string;
  agentId: string;
  agentName: string | null;
  team: string | null;
  bank: string;
  language: string;
  ruleId: string;
  ruleVersion: string;
  title: string;
  category: string;
  severity: string;
  speaker: string;
  startMs: number;
  endMs: number;
  quote: string;
  source: string;
  verdict: string | null;
  verdictReason: string | null;
  verdictNote: string | null;
  verdictBy: string | null;
  verdictAt: Date | null;
  origin: string;
  createdBy: string | null;
}

export async function listFindingsForExport(q: Queryable, f: FindingsExportFilter): Promise<ExportedFinding[]> {
  const p = new Params();
  const w = callConditions(f, p);
  if (f.category !== undefined) w.push(`fi.category = ${p.add(f.category)}`);
  if (f.severity !== undefined) w.push(`fi.severity = ${p.add(f.severity)}`);
  if (f.ruleId !== undefined) w.push(`fi.rule_id = ${p.add(f.ruleId)}`);
  // The drill-down's finding states (dashboard-calls.ts), on the findings themselves.
  if (f.finding === 'missed') w.push(`fi.origin = 'manual'`);
  else if (f.finding === 'violation') w.push(`fi.verdict = 'confirmed'`);
  else if (f.finding !== undefined) w.push(`fi.origin = 'rule'`);
  if (f.finding === 'confirmed' || f.finding === 'dismissed' || f.finding === 'noted' || f.finding === 'acted_on') w.push(`fi.verdict = ${p.add(f.finding)}`);
  if (f.finding === 'unreviewed') w.push('fi.verdict IS NULL');
  const { rows } = await q.query<ExportedFinding & { startedAtInstant: Date; utcOffsetMinutes: number }>(
    `SELECT fi.id AS "findingId", c.id AS "callId", c.started_at AS "startedAtInstant", c.utc_offset_minutes AS "utcOffsetMinutes",
            c.agent_id AS "agentId", c.agent_name AS "agentName", c.team, c.bank, c.language,
            fi.rule_id AS "ruleId", fi.rule_version AS "ruleVersion", fi.title, fi.category, fi.severity, fi.speaker,
            fi.start_ms AS "startMs", fi.end_ms AS "endMs", fi.quote, fi.source,
            fi.verdict, fi.verdict_reason AS "verdictReason", fi.verdict_note AS "verdictNote", fi.verdict_by AS "verdictBy", fi.verdict_at AS "verdictAt",
            fi.origin, fi.created_by AS "createdBy"
       FROM findings fi JOIN calls c ON c.id = fi.call_id
      ${where(w)}
      ORDER BY c.started_at DESC, c.id, fi.start_ms, fi.id
      LIMIT ${p.add(f.limit)}`,
    p.values,
  );
  return rows.map(({ startedAtInstant, utcOffsetMinutes, ...r }) => ({ ...r, startedAt: localIso(startedAtInstant, utcOffsetMinutes) }));
}
