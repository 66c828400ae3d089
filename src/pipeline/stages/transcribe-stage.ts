import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AudioInputError } from '../../audio/audio-input-error.ts';
import { withTempDir } from '../../audio/temp-dir.ts';
import { AsrConfigError, EngineError, NoEngineError, SidecarInvalidError } from '../../asr/asr-errors.ts';
import { transcribeRecording } from '../../asr/transcribe-recording.ts';
import { callMetaOf, repositories } from '../../store/index.ts';
import { deliveredText } from '../../store/delivered-transcripts.ts';
import { PermanentError } from '../errors.ts';
import type { CallPayload } from '../job-payloads.ts';
import type { PipelineDeps } from '../pipeline-deps.ts';
import { alreadyDone, done, jobsAfter, type StageContext, type StageOutcome } from '../stage.ts';
import { fetchRecording } from './fetch-recording.ts';
import { loadCall } from './load-call.ts';

const STAGE = 'transcribe' as const;

/**
 * Transcribes the recording with the configured engine (auto: whisper where a model is set, else an
 * OpenAI-compatible server, else the delivered transcript, else pocketsphinx for English) and keeps
 * the transcript's quality estimate with it, for the scan stage. The engines read files, so the stage
 * lays the recording (a verified copy fetched from the audio store) and any delivered transcript out in a private
 * temp directory inside the process's work directory, removed in finally.
 */
export async function transcribeStage(deps: PipelineDeps, payload: CallPayload, ctx: StageContext): Promise<StageOutcome> {
  const call = await loadCall(deps.db, payload.callId);
  if (call.status === 'failed') return alreadyDone();
  const next = jobsAfter(STAGE, call.id);
  if (await repositories(deps.db).stageResults.get(call.id, STAGE, '')) return alreadyDone(...next);
  if (!call.audioSha256) throw new PermanentError(`call ${call.id} has no recording to transcribe`);
  const sha = call.audioSha256;
  const delivered = await deliveredText(deps.db, call.id);
  const transcript = await withTempDir('transcribe', async (dir) => {
    const recording = await fetchRecording(deps.audio, { ...call, audioSha256: sha }, dir, ctx.signal);
    if (delivered !== null) await writeFile(path.join(dir, 'recording.transcript.json'), delivered);
    try {
      return await transcribeRecording(recording, callMetaOf(call), deps.engine, { logger: ctx.logger, signal: ctx.signal });
    } catch (err) {
      if (err instanceof AudioInputError) throw new PermanentError(`recording unusable (${err.reason}): ${err.message}`, { cause: err });
      if (err instanceof SidecarInvalidError || err instanceof NoEngineError || err instanceof AsrConfigError) {
        throw new PermanentError(err.message, { cause: err });
      }
      // The engine says this input can never succeed (e.g. a language it has no model for): retrying
      // would only burn attempts; other engine failures (a crash, a busy server) are retried.
      if (err instanceof EngineError && err.permanent) throw new PermanentError(err.message, { cause: err });
      throw err;
    }
  }, deps.tempDir);
  const engine = transcript.engine ?? { name: 'unknown' };
  // The transcript, the recording facts, the stage's record and the 'transcribed' status: one
  // statement, the same one a delivered transcript is saved with at ingest.
  await deps.statements.storeTranscript({
    callId: call.id, engine: engine.name, model: engine.model ?? null, version: engine.version ?? '',
    language: call.language, segments: transcript.segments, quality: transcript.quality ?? null, recording: transcript.call.recording ?? null,
    stageResult: {
      stage: STAGE,
      version: '',
      result: { engine: engine.name, model: engine.model ?? null, segments: transcript.segments.length, quality: transcript.quality?.score ?? null },
    },
  });
  return done(...next);
}
