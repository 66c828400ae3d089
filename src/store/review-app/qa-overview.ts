import type { Queryable } from '../db.ts';

/** Read models of the QA floor for supervisors. */

export interface QaWeekFigures {
  weekStart: string;
  sampled: number;
  sampleReviewed: number;
  sampleClean: number;
  sampleViolation: number;
  /** Verdicts on agent conduct (the rules' precision). */
  agentConfirmed: number;
  agentDismissed: number;
  /** Verdicts on borrower signals, scored apart: never agent violations. */
  signalNoted: number;
  signalActedOn: number;
  /** Findings reviewers added (the rules' misses). */
  manualFindings: number;
  /** Findings still awaiting a verdict, of calls of that week. */
  unreviewed: number;
}

/**
 * A week's QA figures in the banks given, by the week the calls were made (the deployment's week
 * time zone, as the dashboards count). Agent verdicts and
 * borrower-signal verdicts are counted apart by what the verdict is (confirmed/dismissed are only
 * given to agent findings, noted/acted_on only to signals: the API enforces it).
 */
export async function qaWeekFigures(q: Queryable, weekStart: string, banks: string[] | null): Promise<QaWeekFigures> {
  const { rows } = await q.query<QaWeekFigures>(
    `WITH wk AS (
       SELECT c.id FROM calls c
        WHERE dash_week(c.started_at) = $1::date
          AND c.started_at >= $1::date - interval '1 day' AND c.started_at < $1::date + interval '8 days'
          AND ($2::text[] IS NULL OR c.bank = ANY($2::text[]))
     )
     SELECT $1::text AS "weekStart",
       (SELECT count(*) FROM qa_samples s JOIN wk ON wk.id = s.call_id) AS sampled,
       (SELECT count(*) FROM qa_samples s JOIN wk ON wk.id = s.call_id WHERE s.reviewed_at IS NOT NULL) AS "sampleReviewed",
       (SELECT count(*) FROM qa_samples s JOIN wk ON wk.id = s.call_id WHERE s.outcome = 'clean') AS "sampleClean",
       (SELECT count(*) FROM qa_samples s JOIN wk ON wk.id = s.call_id WHERE s.outcome = 'violation') AS "sampleViolation",
       count(*) FILTER (WHERE f.origin = 'rule' AND f.verdict = 'confirmed') AS "agentConfirmed",
       count(*) FILTER (WHERE f.verdict = 'dismissed') AS "agentDismissed",
       count(*) FILTER (WHERE f.verdict = 'noted') AS "signalNoted",
       count(*) FILTER (WHERE f.verdict = 'acted_on') AS "signalActedOn",
       count(*) FILTER (WHERE f.origin = 'manual') AS "manualFindings",
       count(*) FILTER (WHERE f.id IS NOT NULL AND f.verdict IS NULL) AS unreviewed
     FROM wk LEFT JOIN findings f ON f.call_id = wk.id`,
    [weekStart, banks],
  );
  return rows[0]!;
}
