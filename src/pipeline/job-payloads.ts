import { z } from 'zod';
import { PIPELINE_STAGES, type PipelineStage } from '../domain/call-status.ts';

/**
 * The pipeline's stages in order (src/domain/call-status.ts). Each is a BullMQ queue in server mode
 * and a function call in embedded mode; which follows which is src/pipeline/call-lifecycle.ts.
 */
export const JOB_NAMES = PIPELINE_STAGES;
export type JobName = PipelineStage;
export const JobNameSchema = z.enum(JOB_NAMES);

/**
 * Payloads carry ids only: no transcript text, no phone numbers. Redis is not where personal data
 * lives, and a payload is logged by tools (Bull Board, redis-cli) we do not control.
 */
const CallIdSchema = z.string().min(1).max(200);
export const CallPayloadSchema = z.strictObject({ callId: CallIdSchema });
/** A scan may name the rule pack version to scan with (re-scan); unset = the current pack. */
export const ScanPayloadSchema = z.strictObject({
  callId: CallIdSchema,
  packVersion: z.string().regex(/^[0-9a-f]{8,128}$/, 'a rule pack content hash').optional(),
  /** Queued by `callguard rescan` (or the app's re-scan): earlier versions' findings are superseded, a case it opens says so. */
  rescan: z.literal(true).optional(),
});
/** Triage follows the scan of one pack version: a re-scan with a new version triages again. */
export const TriagePayloadSchema = ScanPayloadSchema;
export type CallPayload = z.infer<typeof CallPayloadSchema>;
export type ScanPayload = z.infer<typeof ScanPayloadSchema>;
export type TriagePayload = z.infer<typeof TriagePayloadSchema>;

export interface JobPayloads {
  ingest: CallPayload;
  decode: CallPayload;
  transcribe: CallPayload;
  scan: ScanPayload;
  triage: TriagePayload;
}
