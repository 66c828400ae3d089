import type { Queryable } from '../db.ts';

/**
 * The database reads behind the Prometheus gauges (collected on scrape, cached by the caller):
 * aggregate counts only, never a row's content. Labels are categories, states and engine names.
 */
export async function findingsByCategory(q: Queryable): Promise<{ category: string; verdict: string; n: number }[]> {
  const { rows } = await q.query<{ category: string; verdict: string; n: number }>(
    `SELECT category, coalesce(verdict, 'unreviewed') AS verdict, count(*)::int AS n FROM findings GROUP BY 1, 2`,
  );
  return rows;
}

/** Cases by kind (risk, complaint) and status. Where their deadlines stand is src/cases/deadline-tally.ts. */
export async function casesByKindAndStatus(q: Queryable): Promise<{ kind: string; status: string; n: number }[]> {
  const { rows } = await q.query<{ kind: string; status: string; n: number }>('SELECT kind, status, count(*)::int AS n FROM cases GROUP BY 1, 2');
  return rows;
}

export async function callsByStatus(q: Queryable): Promise<{ status: string; n: number }[]> {
  const { rows } = await q.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM calls GROUP BY 1');
  return rows;
}

/** The last finished purge: when it finished and whether it failed (alert when none for two days). */
export async function lastRetentionRun(q: Queryable): Promise<{ finishedAt: Date; failed: boolean } | undefined> {
  const { rows } = await q.query<{ finishedAt: Date; failed: boolean }>(
    `SELECT finished_at AS "finishedAt", error IS NOT NULL AS failed FROM retention_runs
      WHERE finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1`,
  );
  return rows[0];
}

/** What a finished transcription ran on: its engine and the recording's decoded length. */
export async function transcriptionFacts(q: Queryable, callId: string): Promise<{ engine: string; durationMs: number | null } | undefined> {
  const { rows } = await q.query<{ engine: string; durationMs: number | null }>(
    `SELECT s.result->>'engine' AS engine, (c.recording->>'durationMs')::double precision AS "durationMs"
       FROM stage_results s JOIN calls c ON c.id = s.call_id
      WHERE s.call_id = $1 AND s.stage = 'transcribe' AND s.version = '' `,
    [callId],
  );
  return rows[0];
}
