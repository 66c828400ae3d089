import { qualityOfText } from '../../asr/transcript-quality.ts';
import { callMetaOf, repositories } from '../../store/index.ts';
import { parseDelivered } from '../delivery.ts';
import { PermanentError } from '../errors.ts';
import type { CallPayload } from '../job-payloads.ts';
import type { PipelineDeps } from '../pipeline-deps.ts';
import { alreadyDone, done, jobsAfter, type StageContext, type StageOutcome } from '../stage.ts';

const STAGE = 'ingest' as const;

/**
 * First stage: checks what arrived and routes the call.
 * - a recording → decode (its audio must be in the store; a delivered transcript must be valid);
 * - a delivered transcript without audio → stored as the call's transcript → scan;
 * - a dialer record without audio → scan with the call-level rules (hours, frequency, recording);
 *   its recording facts come from the metadata (hasRecording=false → `present: false`, so the
 *   missing-recording rule fires for a connected call).
 */
export async function ingestStage(deps: PipelineDeps, payload: CallPayload, ctx: StageContext): Promise<StageOutcome> {
  // The call and its delivered transcript (if any) in one query.
  const loaded = await deps.statements.ingestRead(payload.callId);
  if (!loaded) throw new PermanentError(`no call ${payload.callId} in the database`);
  const call = loaded.call;
  if (call.status === 'failed') return alreadyDone();
  // Decode for a recording; scan for a call without one (src/pipeline/call-lifecycle.ts).
  const next = jobsAfter(STAGE, call.id, { hasRecording: call.audioSha256 !== null });
  // Past 'received', a later stage has run: ingest is done. While 'received', running it again is
  // harmless (every write below is an idempotent upsert), so no separate "done" lookup is needed.
  if (call.status !== 'received') return alreadyDone(...next);

  const text = typeof loaded.stageResult?.text === 'string' ? loaded.stageResult.text : null;
  const delivered = text === null ? null : parseDelivered(text, call.id);
  if (call.audioSha256) {
    if (!(await deps.audio.has(call.audioSha256))) {
      // The row says there is audio but the store has none: shared storage not mounted yet, or
      // lost. Retried (a mount comes back); after the last try the call fails with this reason.
      throw new Error(`audio ${call.audioSha256.slice(0, 12)}… of call ${call.id} is missing from the audio store`);
    }
    await repositories(deps.db).stageResults.upsert(call.id, STAGE, '', { route: next[0]!.name, delivered: delivered !== null });
    return done(...next);
  }
  if (delivered) {
    // The transcript and the 'transcribed' status in one statement: both or neither.
    await deps.statements.storeTranscript({
      callId: call.id, engine: 'sidecar', version: 'delivered', model: delivered.engine?.name ?? null, language: call.language, segments: delivered.segments,
      quality: qualityOfText(callMetaOf(call), delivered.segments, 'sidecar', delivered.quality),
    });
  }
  ctx.logger.debug({ route: next[0]!.name, delivered: delivered !== null }, 'call without audio');
  return done(...next);
}
