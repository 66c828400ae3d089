import type { CallStatus } from '../../domain/call-status.ts';

/** The column that records when a call reached each status. */
export const STATUS_TIMESTAMP: Record<CallStatus, string | null> = {
  received: null,
  decoded: 'decoded_at',
  transcribed: 'transcribed_at',
  scanned: 'scanned_at',
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

/** A StageRecord as the `rec_*` fields of one element of a statement's JSON input (nulls without one). */
export function stageRecordFields(record: StageRecord | undefined) {
  return {
    rec_stage: record?.stage ?? null,
    rec_version: record?.version ?? null,
    rec_result: record?.result ?? null,
    rec_status: record?.status ?? null,
  };
}

/** The `rec_*` columns of stageRecordFields, for a `jsonb_to_recordset` column list. */
export const STAGE_RECORD_COLUMNS = 'rec_stage text, rec_version text, rec_result jsonb, rec_status text';

/**
 * Two data-modifying CTEs, `recorded` and `moved`, that write the StageRecord of each row of
 * `source` that carries one (its `rec_*` columns, see stageRecordFields) as
 * setStatusWithStageResult does, adding the row's `gate_id` to the result under `idKey`. For
 * statements that commit a stage's work and its record together: `source` holds only the rows
 * whose work was done, so a call whose work was refused keeps its status. `callIdsParam` names
 * the statement's parameter holding every call id of the batch as an array, through which the
 * calls are found by primary key (docs/operations.md, "Grouped statements").
 */
export function stageRecordsCtes(source: string, idKey: 'caseId', callIdsParam: string): string {
  const stamps = Object.entries(STATUS_TIMESTAMP)
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([status, column]) => `, ${column} = CASE WHEN s.rec_status = '${status}' THEN now() ELSE calls.${column} END`)
    .join('');
  return `recorded AS (
         INSERT INTO stage_results (call_id, stage, version, result)
         SELECT call_id, rec_stage, rec_version, rec_result || jsonb_build_object('${idKey}', gate_id) FROM ${source}
         WHERE rec_stage IS NOT NULL
         ON CONFLICT (call_id, stage, version) DO UPDATE SET result = EXCLUDED.result, finished_at = now()
       ), moved AS (
         UPDATE calls SET status = s.rec_status, status_reason = NULL, failed_stage = NULL, updated_at = now()${stamps}
         FROM ${source} s WHERE calls.id = ANY(${callIdsParam}::text[]) AND calls.id = s.call_id AND s.rec_stage IS NOT NULL
       )`;
}
