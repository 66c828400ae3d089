import { CALL_STATUSES, PIPELINE_STAGES, type CallStatus, type PipelineStage } from '../domain/call-status.ts';

/**
 * The call lifecycle, declared once: which status each stage moves a call to, which stage follows
 * it, which stage resumes a call found in each status, and what "failed" means. The stages (their
 * follow-up jobs), the stalled-call sweeper, `callguard retry` and the status checks of the scan and
 * triage stages all read these tables; nothing else decides it.
 *
 *   received ─ingest─▶ (received) ─decode─▶ decoded ─transcribe─▶ transcribed ─scan─▶ scanned ─triage─▶ done
 *              └──────── a call without a recording goes from ingest straight to scan ────────┘
 *   any stage that gives up for good ─▶ failed (failed_stage = that stage, status_reason = why)
 */

export interface StageStep {
  /** The status the stage leaves the call in when it has done its work. */
  reaches: Exclude<CallStatus, 'failed'>;
  /** The stage that follows in the normal flow; null after the last. */
  next: PipelineStage | null;
  /** Where a call without a recording goes instead of `next` (a dialer record, a delivered transcript). */
  nextWithoutRecording?: PipelineStage;
}

/**
 * Each stage's step. Ingest checks what arrived and routes the call without moving it: the call
 * stays 'received' until decode has run (or, without a recording, until scan has).
 */
export const STAGE_STEPS: { readonly [S in PipelineStage]: StageStep } = {
  ingest: { reaches: 'received', next: 'decode', nextWithoutRecording: 'scan' },
  decode: { reaches: 'decoded', next: 'transcribe' },
  transcribe: { reaches: 'transcribed', next: 'scan' },
  scan: { reaches: 'scanned', next: 'triage' },
  // Triage commits 'done' in the same statement as its case change: no status sits between the two.
  triage: { reaches: 'done', next: null },
};

export interface StatusRow {
  /**
   * The stage whose job moves a call on from this status (what the stalled-call sweeper queues for
   * a call no job carries); null for a final status.
   */
  resumedBy: PipelineStage | null;
  /** No stage moves the call any more (`failed` until `callguard retry`). */
  final: boolean;
}

/** Each status's row. A 'received' call may also be carried by decode or scan (ingest does not move it). */
export const STATUS_ROWS: { readonly [S in CallStatus]: StatusRow } = {
  received: { resumedBy: 'ingest', final: false },
  decoded: { resumedBy: 'transcribe', final: false },
  transcribed: { resumedBy: 'scan', final: false },
  scanned: { resumedBy: 'triage', final: false },
  done: { resumedBy: null, final: true },
  // A stage gave up for good (a permanent error, or its attempts ran out). The call keeps the stage
  // in failed_stage and the reason in status_reason; every stage returns early on it; a failed call
  // is never shown as clean. `callguard retry` puts it back at retryStage(failed_stage).
  failed: { resumedBy: null, final: true },
};

/** Statuses a stage will still move a call out of: what the stalled-call sweeper looks at. */
export const UNFINISHED_STATUSES: readonly CallStatus[] = CALL_STATUSES.filter((s) => !STATUS_ROWS[s].final);

/** The normal order of the statuses a call passes through (failed is off the line). */
const PROGRESS: readonly CallStatus[] = PIPELINE_STAGES.map((s) => STAGE_STEPS[s].reaches).filter((s, i, all) => all.indexOf(s) === i);

/** The stage that follows `stage` for this call; null after the last. */
export function stageAfter(stage: PipelineStage, call: { hasRecording: boolean } = { hasRecording: true }): PipelineStage | null {
  const step = STAGE_STEPS[stage];
  return !call.hasRecording && step.nextWithoutRecording ? step.nextWithoutRecording : step.next;
}

/** The stage that moves a call on from `status`; null when the status is final. */
export function stageResuming(status: CallStatus): PipelineStage | null {
  return STATUS_ROWS[status].resumedBy;
}

/** true when a call in `status` has already got as far as `target` (false for failed calls). */
export function hasReached(status: CallStatus, target: CallStatus): boolean {
  const at = PROGRESS.indexOf(status);
  return at >= 0 && at >= PROGRESS.indexOf(target);
}

/**
 * The stage `callguard retry` starts a failed call at: the stage that failed, except that a call
 * that failed in triage is scanned again (a triage job names the pack the scan used, and the scan
 * names the current one); unknown (failed before failed_stage was recorded, or with a reason that
 * named no stage) starts at ingest, whose successors return early where their work is done.
 */
export function retryStage(failedStage: PipelineStage | null): PipelineStage {
  if (failedStage === null) return 'ingest';
  return failedStage === 'triage' ? 'scan' : failedStage;
}
