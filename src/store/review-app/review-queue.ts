import type { Queryable } from '../db.ts';
import type { Category } from '../../domain/category.ts';
import type { Severity } from '../../domain/severity.ts';

/**
 * Read model of the QA queue: calls with findings, their review progress, a risk score and the
 * SLA of the case they belong to. Risk is scored like triage scores a call (rules/policy.yaml:
 * each rule counts once per call with its severity weight), over the findings not dismissed: a
 * dismissed finding no longer makes a call risky, so reviewing lowers it.
 */

export const REVIEW_STATES = ['unreviewed', 'partly_reviewed', 'reviewed', 'all'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export interface QueueFilter {
  /** Bank scope of the user (null = all banks). */
  banks: string[] | null;
  team?: string;
  agentId?: string;
  bank?: string;
  category?: Category;
  /** Calls with at least one finding of this severity or worse. */
  minSeverity?: Severity;
  from?: Date;
  to?: Date;
  reviewState: ReviewState;
  limit: number;
  offset: number;
  /** Points per severity (the policy's severity_weights). */
  weights: Record<Severity, number>;
}

export interface QueueItem {
  callId: string;
  startedAt: string;
  agentId: string;
  agentName: string | null;
  team: string | null;
  bank: string;
  borrowerId: string;
  language: string;
  durationMs: number | null;
  findings: number;
  unreviewed: number;
  confirmed: number;
  maxSeverity: Severity;
  categories: Category[];
  risk: number;
  caseId: number | null;
  slaDueAt: Date | null;
  /** Drawn in the weekly QA sample of unflagged calls (it is listed here once a reviewer added a finding). */
  sampled: boolean;
}

const SEVERITY_RANK = `CASE f.severity WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 WHEN 'critical' THEN 4 END`;
const RANK_OF: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export async function listReviewQueue(q: Queryable, f: QueueFilter): Promise<{ items: QueueItem[]; total: number }> {
  const { rows } = await q.query<QueueItem & { total: number; startedAtText: string }>(
    `WITH per_call AS (
       SELECT c.id, count(*) AS findings,
              count(*) FILTER (WHERE f.verdict IS NULL) AS unreviewed,
              count(*) FILTER (WHERE f.verdict = 'confirmed') AS confirmed,
              max(${SEVERITY_RANK}) AS max_rank,
              array_agg(DISTINCT f.category) AS categories,
              (SELECT coalesce(sum(w), 0) FROM (
                 SELECT max(CASE f2.severity WHEN 'low' THEN $12::float8 WHEN 'medium' THEN $13::float8
                                             WHEN 'high' THEN $14::float8 WHEN 'critical' THEN $15::float8 END) AS w
                   FROM findings f2 WHERE f2.call_id = c.id AND f2.verdict IS DISTINCT FROM 'dismissed'
                  GROUP BY f2.rule_id) per_rule) AS risk
         FROM calls c JOIN findings f ON f.call_id = c.id
        WHERE ($1::text[] IS NULL OR c.bank = ANY($1::text[]))
          AND ($2::text IS NULL OR c.team = $2)
          AND ($3::text IS NULL OR c.agent_id = $3)
          AND ($4::text IS NULL OR c.bank = $4)
          AND ($5::timestamptz IS NULL OR c.started_at >= $5)
          AND ($6::timestamptz IS NULL OR c.started_at < $6)
        GROUP BY c.id
       HAVING ($7::text IS NULL OR $7 = ANY(array_agg(f.category)))
          AND ($8::int IS NULL OR max(${SEVERITY_RANK}) >= $8)
          AND CASE $9::text
                WHEN 'unreviewed' THEN count(*) FILTER (WHERE f.verdict IS NOT NULL) = 0
                WHEN 'partly_reviewed' THEN count(*) FILTER (WHERE f.verdict IS NULL) > 0 AND count(*) FILTER (WHERE f.verdict IS NOT NULL) > 0
                WHEN 'reviewed' THEN count(*) FILTER (WHERE f.verdict IS NULL) = 0
                ELSE true END
     )
     SELECT c.id AS "callId", c.started_at AS "startedAtInstant", c.utc_offset_minutes AS "utcOffsetMinutes",
            c.agent_id AS "agentId", c.agent_name AS "agentName", c.team, c.bank, c.borrower_id AS "borrowerId",
            c.language, c.duration_ms AS "durationMs",
            p.findings, p.unreviewed, p.confirmed,
            (ARRAY['low','medium','high','critical'])[p.max_rank] AS "maxSeverity",
            p.categories, p.risk, k.case_id AS "caseId", k.sla_due_at AS "slaDueAt",
            EXISTS (SELECT 1 FROM qa_samples s WHERE s.call_id = c.id) AS sampled,
            count(*) OVER () AS total
       FROM per_call p JOIN calls c ON c.id = p.id
       LEFT JOIN LATERAL (
         SELECT cs.id AS case_id, cs.sla_due_at FROM case_calls cc JOIN cases cs ON cs.id = cc.case_id
          WHERE cc.call_id = c.id AND cs.status NOT IN ('dismissed', 'closed')
          ORDER BY cs.sla_due_at LIMIT 1
       ) k ON true
      ORDER BY p.risk DESC, k.sla_due_at ASC NULLS LAST, c.started_at DESC, c.id
      LIMIT $10 OFFSET $11`,
    [
      f.banks, f.team ?? null, f.agentId ?? null, f.bank ?? null, f.from ?? null, f.to ?? null,
      f.category ?? null, f.minSeverity ? RANK_OF[f.minSeverity] : null, f.reviewState, f.limit, f.offset,
      f.weights.low, f.weights.medium, f.weights.high, f.weights.critical,
    ],
  );
  const total = rows[0]?.total ?? 0;
  const items = rows.map((r) => {
    const { total: _t, startedAtInstant, utcOffsetMinutes, ...rest } = r as typeof r & { startedAtInstant: Date; utcOffsetMinutes: number };
    return { ...rest, startedAt: localIso(startedAtInstant, utcOffsetMinutes) } as QueueItem;
  });
  return { items, total };
}

/** An instant shown in the borrower's local time with its offset, like the call metadata. */
export function localIso(instant: Date, offsetMinutes: number): string {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Values for the queue's filter menus, within the user's bank scope. */
export async function queueFilterOptions(q: Queryable, banks: string[] | null) {
  const { rows } = await q.query<{ teams: string[] | null; agents: { id: string; name: string | null }[] | null; banks: string[] | null }>(
    `SELECT array_agg(DISTINCT team) FILTER (WHERE team IS NOT NULL) AS teams,
            array_agg(DISTINCT bank) AS banks,
            (SELECT json_agg(a ORDER BY a.id) FROM (
               SELECT DISTINCT agent_id AS id, agent_name AS name FROM calls
                WHERE $1::text[] IS NULL OR bank = ANY($1::text[])) a) AS agents
       FROM calls WHERE $1::text[] IS NULL OR bank = ANY($1::text[])`,
    [banks],
  );
  const r = rows[0];
  return { teams: (r?.teams ?? []).sort(), banks: (r?.banks ?? []).sort(), agents: r?.agents ?? [] };
}
