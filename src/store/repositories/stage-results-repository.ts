import type { Queryable } from '../db.ts';

export interface StageResult<T = Record<string, unknown>> {
  callId: string;
  stage: string;
  version: string;
  result: T;
  finishedAt: Date;
}

interface StageResultRow {
  call_id: string;
  stage: string;
  version: string;
  result: Record<string, unknown>;
  finished_at: Date;
}

/**
 * What a stage produced for a call, keyed by (call, stage, version). A stage checks `get` to
 * return early when its work is already done, and records with `upsert` in the same transaction
 * as its other writes.
 */
export class StageResultsRepository {
  constructor(private readonly q: Queryable) {}

  async upsert(callId: string, stage: string, version: string, result: Record<string, unknown>): Promise<void> {
    await this.q.query(
      `INSERT INTO stage_results (call_id, stage, version, result) VALUES ($1, $2, $3, $4)
       ON CONFLICT (call_id, stage, version) DO UPDATE SET result = EXCLUDED.result, finished_at = now()`,
      [callId, stage, version, JSON.stringify(result)],
    );
  }

  async get<T = Record<string, unknown>>(callId: string, stage: string, version: string): Promise<StageResult<T> | null> {
    const { rows } = await this.q.query<StageResultRow>(
      'SELECT call_id, stage, version, result, finished_at FROM stage_results WHERE call_id = $1 AND stage = $2 AND version = $3',
      [callId, stage, version],
    );
    const r = rows[0];
    return r ? { callId: r.call_id, stage: r.stage, version: r.version, result: r.result as T, finishedAt: r.finished_at } : null;
  }
}
