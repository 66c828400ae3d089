import type { CallStatus } from './calls-repository.ts';

/** The column that records when a call reached each status. */
export const STATUS_TIMESTAMP: Record<CallStatus, string | null> = {
  received: null,
  decoded: 'decoded_at',
  transcribed: 'transcribed_at',
  scanned: 'scanned_at',
  triaged: 'triaged_at',
  done: 'done_at',
  failed: 'failed_at',
};

/** A stage's record and the call's new status, for a statement that also commits the stage's work. */
export interface StageRecord {
  callId: string;
  status: Exclude<CallStatus, 'failed'>;
  stage: string;
  version: string;
  result: Record<string, unknown>;
}

/**
 * Two data-modifying CTEs, `recorded` and `moved`, that write a StageRecord (as
 * setStatusWithStageResult does) only when the CTE named `gate` produced a row, adding that row's
 * `id` to the result under `idKey`. For statements that commit a stage's work and its record
 * together; the values go to the placeholders from `$first` on.
 */
export function stageRecordCtes(record: StageRecord, gate: string, idKey: string, first: number): { sql: string; values: unknown[] } {
  const column = STATUS_TIMESTAMP[record.status];
  const p = (i: number) => `$${first + i}`;
  return {
    sql: `recorded AS (
         INSERT INTO stage_results (call_id, stage, version, result)
         SELECT ${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}::jsonb || jsonb_build_object(${p(5)}::text, id) FROM ${gate}
         ON CONFLICT (call_id, stage, version) DO UPDATE SET result = EXCLUDED.result, finished_at = now()
       ), moved AS (
         UPDATE calls SET status = ${p(4)}, status_reason = NULL, updated_at = now()${column ? `, ${column} = now()` : ''}
         WHERE id = ${p(0)} AND EXISTS (SELECT 1 FROM ${gate})
       )`,
    values: [record.callId, record.stage, record.version, JSON.stringify(record.result), record.status, idKey],
  };
}

