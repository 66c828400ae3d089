import type { Queryable } from '../db.ts';

/** An unflagged call of a week that may be drawn for review. */
export interface SampleCandidate {
  callId: string;
  agentId: string;
}

export type SampleOutcome = 'clean' | 'violation';

export interface QaSample {
  callId: string;
  weekStart: string;
  agentId: string;
  sampledAt: Date;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  outcome: SampleOutcome | null;
}

export interface SampleDraw {
  weekStart: string;
  seed: string;
  percent: number;
  minimum: number;
  candidates: number;
  sampled: number;
  drawnAt: Date;
  drawnBy: string;
}

interface SampleRow {
  call_id: string;
  week_start: string;
  agent_id: string;
  sampled_at: Date;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  outcome: SampleOutcome | null;
}

interface DrawRow {
  week_start: string;
  seed: string;
  percent: number;
  minimum: number;
  candidates: number;
  sampled: number;
  drawn_at: Date;
  drawn_by: string;
}

const toSample = (r: SampleRow): QaSample => ({
  callId: r.call_id, weekStart: r.week_start, agentId: r.agent_id, sampledAt: r.sampled_at,
  reviewedAt: r.reviewed_at, reviewedBy: r.reviewed_by, outcome: r.outcome,
});

const toDraw = (r: DrawRow): SampleDraw => ({
  weekStart: r.week_start, seed: r.seed, percent: r.percent, minimum: r.minimum, candidates: r.candidates,
  sampled: r.sampled, drawnAt: r.drawn_at, drawnBy: r.drawn_by,
});

const WEEK_START = `to_char(week_start, 'YYYY-MM-DD') AS week_start`;

/**
 * The weekly QA sample of unflagged calls (schema 120): one SQL statement per method. Which calls
 * are drawn is decided outside (src/cases/qa-sampling.ts); this stores and reads the draw.
 */
export class QaSamplesRepository {
  constructor(private readonly q: Queryable) {}

  /**
   * Calls of the week of weekStart (in the deployment's week time zone) that could be drawn: analysed to the
   * end (status done) with a recording to listen to, and no finding at all (unflagged).
   */
  async candidates(weekStart: string): Promise<SampleCandidate[]> {
    const { rows } = await this.q.query<{ call_id: string; agent_id: string }>(
      `SELECT c.id AS call_id, c.agent_id FROM calls c
        WHERE dash_week(c.started_at) = $1::date
          AND c.started_at >= $1::date - interval '1 day' AND c.started_at < $1::date + interval '8 days'
          AND c.status = 'done' AND c.audio_sha256 IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.call_id = c.id)
        ORDER BY c.id`,
      [weekStart],
    );
    return rows.map((r) => ({ callId: r.call_id, agentId: r.agent_id }));
  }

  async getDraw(weekStart: string): Promise<SampleDraw | null> {
    const { rows } = await this.q.query<DrawRow>(
      `SELECT ${WEEK_START}, seed, percent, minimum, candidates, sampled, drawn_at, drawn_by
         FROM qa_sample_draws WHERE week_start = $1::date`,
      [weekStart],
    );
    return rows[0] ? toDraw(rows[0]) : null;
  }

  /**
   * Records a week's draw. False when the week was drawn already (by a concurrent job or an earlier
   * request): the caller then stores nothing, so a week is drawn once.
   */
  async recordDraw(d: SampleDraw): Promise<boolean> {
    const { rowCount } = await this.q.query(
      `INSERT INTO qa_sample_draws (week_start, seed, percent, minimum, candidates, sampled, drawn_at, drawn_by)
       VALUES ($1::date, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (week_start) DO NOTHING`,
      [d.weekStart, d.seed, d.percent, d.minimum, d.candidates, d.sampled, d.drawnAt, d.drawnBy],
    );
    return rowCount === 1;
  }

  /** Stores the drawn calls; a call already sampled keeps its first row. Returns how many were new. */
  async insertMany(weekStart: string, picked: readonly SampleCandidate[], sampledAt: Date): Promise<number> {
    if (picked.length === 0) return 0;
    const { rowCount } = await this.q.query(
      `INSERT INTO qa_samples (call_id, week_start, agent_id, sampled_at)
       SELECT call_id, $1::date, agent_id, $4 FROM unnest($2::text[], $3::text[]) AS p(call_id, agent_id)
       ON CONFLICT (call_id) DO NOTHING`,
      [weekStart, picked.map((p) => p.callId), picked.map((p) => p.agentId), sampledAt],
    );
    return rowCount ?? 0;
  }

  async get(callId: string): Promise<QaSample | null> {
    const { rows } = await this.q.query<SampleRow>(
      `SELECT call_id, ${WEEK_START}, agent_id, sampled_at, reviewed_at, reviewed_by, outcome FROM qa_samples WHERE call_id = $1`,
      [callId],
    );
    return rows[0] ? toSample(rows[0]) : null;
  }

  /** A week's sample, within the banks given (null = all). */
  async listWeek(weekStart: string, banks: string[] | null): Promise<QaSample[]> {
    const { rows } = await this.q.query<SampleRow>(
      `SELECT s.call_id, to_char(s.week_start, 'YYYY-MM-DD') AS week_start, s.agent_id, s.sampled_at, s.reviewed_at, s.reviewed_by, s.outcome
         FROM qa_samples s JOIN calls c ON c.id = s.call_id
        WHERE s.week_start = $1::date AND ($2::text[] IS NULL OR c.bank = ANY($2::text[]))
        ORDER BY s.agent_id, s.call_id`,
      [weekStart, banks],
    );
    return rows.map(toSample);
  }

  /**
   * The reviewer's verdict on a sampled call as a whole. 'violation' wins over 'clean': once a
   * manual finding was added, a later "nothing found" does not undo it. Null when not sampled.
   */
  async setOutcome(callId: string, o: { outcome: SampleOutcome; by: string; at: Date }): Promise<QaSample | null> {
    const { rows } = await this.q.query<SampleRow>(
      `UPDATE qa_samples SET
         outcome = CASE WHEN outcome = 'violation' THEN outcome ELSE $2 END,
         reviewed_by = CASE WHEN outcome = 'violation' THEN reviewed_by ELSE $3 END,
         reviewed_at = CASE WHEN outcome = 'violation' THEN reviewed_at ELSE $4 END
       WHERE call_id = $1
       RETURNING call_id, to_char(week_start, 'YYYY-MM-DD') AS week_start, agent_id, sampled_at, reviewed_at, reviewed_by, outcome`,
      [callId, o.outcome, o.by, o.at],
    );
    return rows[0] ? toSample(rows[0]) : null;
  }
}
