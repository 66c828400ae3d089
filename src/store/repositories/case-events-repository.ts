import type { CaseEvent, CaseEventKind, CaseStatus } from '../../domain/case.ts';
import type { Queryable } from '../db.ts';

export interface NewCaseEvent {
  caseId: number;
  actor: string;
  kind: CaseEventKind;
  fromStatus?: CaseStatus | null;
  toStatus?: CaseStatus | null;
  /** What happened, for the timeline: ids and short texts; never transcript text. */
  body?: Record<string, unknown>;
  at?: Date;
}

interface CaseEventRow {
  id: number;
  case_id: number;
  at: Date;
  actor: string;
  kind: CaseEventKind;
  from_status: CaseStatus | null;
  to_status: CaseStatus | null;
  body: Record<string, unknown>;
}

const toEvent = (r: CaseEventRow): CaseEvent => ({
  id: r.id,
  caseId: r.case_id,
  at: r.at,
  actor: r.actor,
  kind: r.kind,
  fromStatus: r.from_status,
  toStatus: r.to_status,
  body: r.body,
});

/** The append-only case history (the database refuses UPDATE and DELETE on it). */
export class CaseEventsRepository {
  constructor(private readonly q: Queryable) {}

  async append(e: NewCaseEvent): Promise<CaseEvent> {
    const { rows } = await this.q.query<CaseEventRow>(
      `INSERT INTO case_events (case_id, actor, kind, from_status, to_status, body, at)
       VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, now())) RETURNING *`,
      [e.caseId, e.actor, e.kind, e.fromStatus ?? null, e.toStatus ?? null, JSON.stringify(e.body ?? {}), e.at ?? null],
    );
    return toEvent(rows[0]!);
  }

  /**
   * A deadline warning or breach, written once per (case, deadline, due time, threshold) however
   * many sweeps run at once (a unique index, schema 110): true when this call wrote it.
   *
   * The NOT EXISTS comes before the ON CONFLICT on purpose: an INSERT that ON CONFLICT turns away
   * has already taken an id from the sequence, and every sweep re-offers every event it wrote
   * before. Those burnt ids are gaps in case_events, and the notifier holds back at a gap for its
   * grace period (it may be a transaction not yet committed), so every sweep would delay the
   * notices behind it. With the check, only two sweeps racing for the same new event burn an id.
   */
  async appendDeadlineEvent(e: { caseId: number; actor: string; kind: 'deadline_warning' | 'deadline_breached'; deadline: string; dueAt: Date; threshold: number; at: Date }): Promise<boolean> {
    const { rowCount } = await this.q.query(
      `INSERT INTO case_events (case_id, actor, kind, body, at)
       SELECT $1, $2, $3, $4::jsonb, $5
        WHERE NOT EXISTS (
          SELECT 1 FROM case_events
           WHERE case_id = $1 AND kind IN ('deadline_warning', 'deadline_breached')
             AND body->>'deadline' = $4::jsonb->>'deadline' AND body->>'dueAt' = $4::jsonb->>'dueAt'
             AND body->>'threshold' = $4::jsonb->>'threshold')
       ON CONFLICT (case_id, (body->>'deadline'), (body->>'dueAt'), (body->>'threshold'))
         WHERE kind IN ('deadline_warning', 'deadline_breached') DO NOTHING`,
      [e.caseId, e.actor, e.kind, JSON.stringify({ deadline: e.deadline, dueAt: e.dueAt.toISOString(), threshold: e.threshold }), e.at],
    );
    return rowCount === 1;
  }

  /** Oldest first: the case timeline. */
  async listByCase(caseId: number): Promise<CaseEvent[]> {
    const { rows } = await this.q.query<CaseEventRow>('SELECT * FROM case_events WHERE case_id = $1 ORDER BY id', [caseId]);
    return rows.map(toEvent);
  }
}
