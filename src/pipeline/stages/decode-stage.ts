import path from 'node:path';
import { AudioInputError } from '../../audio/audio-input-error.ts';
import { recordingFacts } from '../../audio/checks.ts';
import { decodeToPcm } from '../../audio/decode.ts';
import { withTempDir } from '../../audio/temp-dir.ts';
import { repositories } from '../../store/index.ts';
import { PermanentError } from '../errors.ts';
import type { CallPayload } from '../job-payloads.ts';
import type { PipelineDeps } from '../pipeline-deps.ts';
import { STAGE_STEPS } from '../call-lifecycle.ts';
import { alreadyDone, done, jobsAfter, type StageContext, type StageOutcome } from '../stage.ts';
import { fetchRecording } from './fetch-recording.ts';
import { loadCall } from './load-call.ts';

const STAGE = 'decode' as const;

/**
 * Decodes the recording once to learn its facts (true length, silent sides) and to refuse a
 * corrupt file before it waits in the transcription queue. The PCM is not kept: transcription
 * decodes again on whichever machine runs it (≈ 0.1 s against seconds of ASR), so workers share
 * nothing but the audio store. The recording is fetched (verified) into a temp directory removed in
 * finally: object storage has no local path.
 */
export async function decodeStage(deps: PipelineDeps, payload: CallPayload, ctx: StageContext): Promise<StageOutcome> {
  const call = await loadCall(deps.db, payload.callId);
  if (call.status === 'failed') return alreadyDone();
  const next = jobsAfter(STAGE, call.id);
  if (await repositories(deps.db).stageResults.get(call.id, STAGE, '')) return alreadyDone(...next);
  if (!call.audioSha256) throw new PermanentError(`call ${call.id} has no recording to decode`);
  const layout = call.channelLayout ?? 'agent-left';
  const sha256 = call.audioSha256;
  const { facts, source } = await withTempDir('decode', async (dir) => {
    const file = await fetchRecording(deps.audio, { ...call, audioSha256: sha256 }, dir, ctx.signal);
    try {
      const decoded = await decodeToPcm(file, { split: layout !== 'mono', signal: ctx.signal });
      return {
        facts: recordingFacts(decoded, layout),
        source: { codec: decoded.source.codec, sampleRate: decoded.source.sampleRate, channels: decoded.source.channels, durationMs: decoded.durationMs },
      };
    } catch (err) {
      if (err instanceof AudioInputError) {
        // The decoder names the file it read, the temp copy: an operator needs the call (and what
        // kind of recording it was) instead.
        const stored = `${path.basename(file)}: `;
        const detail = err.message.startsWith(stored) ? err.message.slice(stored.length) : err.message;
        const what = call.audioFormat ? `the ${call.audioFormat} recording of call ${call.id}` : `the recording of call ${call.id}`;
        throw new PermanentError(`recording unusable (${err.reason}): ${what}: ${detail}`, { cause: err });
      }
      throw err;
    }
  }, deps.tempDir);
  await deps.db.transaction(async (tx) => {
    const r = repositories(tx);
    await r.calls.setRecordingFacts(call.id, facts);
    await r.stageResults.upsert(call.id, STAGE, '', source);
    await r.calls.setStatus(call.id, STAGE_STEPS[STAGE].reaches);
  });
  return done(...next);
}
