import path from 'node:path';
import { AudioIntegrityError, AudioNotFoundError } from '../../store/audio-store.ts';
import { PermanentError } from '../errors.ts';
import type { PipelineDeps } from '../pipeline-deps.ts';

/**
 * Fetches a call's recording into the stage's temp directory (`recording.<format>`: the engines
 * and ffmpeg go by the extension) and says what a failure means for the call: stored bytes that do
 * not match their hash fail it for good (reading again gives the same bytes, and they are not the
 * recording); a missing or unreachable store is retried by the queue, as the store may come back.
 */
export async function fetchRecording(
  audio: PipelineDeps['audio'],
  call: { id: string; audioSha256: string; audioFormat: string | null },
  dir: string,
  signal?: AbortSignal,
): Promise<string> {
  const file = path.join(dir, `recording.${call.audioFormat ?? 'bin'}`);
  try {
    await audio.download(call.audioSha256, file, signal ? { signal } : {});
  } catch (err) {
    if (err instanceof AudioIntegrityError) {
      throw new PermanentError(`recording unusable (corrupt in the audio store): call ${call.id}: ${err.message}`, { cause: err });
    }
    if (err instanceof AudioNotFoundError) {
      throw new Error(`audio ${call.audioSha256.slice(0, 12)}… of call ${call.id} is missing from the audio store`, { cause: err });
    }
    throw err;
  }
  return file;
}
