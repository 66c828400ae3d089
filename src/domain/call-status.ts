/**
 * The words of a call's life in the pipeline, shared by every layer (the database stores them, the
 * API shows them). Which stage moves a call from one to the next is declared once, in
 * src/pipeline/call-lifecycle.ts.
 */

/** The pipeline's stages, in the order a call goes through them. */
export const PIPELINE_STAGES = ['ingest', 'decode', 'transcribe', 'scan', 'triage'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/**
 * Where a call is: the last stage that finished moved it here. `done` and `failed` are final
 * (`failed` until an operator retries it).
 */
export const CALL_STATUSES = ['received', 'decoded', 'transcribed', 'scanned', 'done', 'failed'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export function isPipelineStage(value: string): value is PipelineStage {
  return (PIPELINE_STAGES as readonly string[]).includes(value);
}
