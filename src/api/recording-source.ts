import { createReadStream } from 'node:fs';
import { constants } from 'node:fs';
import { copyFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { withTempDir } from '../audio/temp-dir.ts';
import type { AudioStore, ByteRange } from '../store/audio-store.ts';

/**
 * A recording as the review app reads it: its size and byte ranges for the player (streamed from
 * wherever it is stored), and a local file for what must decode it (the playable WAV, the waveform),
 * lent for the length of `work` and removed afterwards.
 */
export interface RecordingSource {
  size(): Promise<number>;
  open(range?: ByteRange): Promise<Readable>;
  withFile<T>(work: (file: string) => Promise<T>): Promise<T>;
  /** Copies the recording to `file` (new; in the caller's temp directory), verified where it is stored by hash. */
  download(file: string): Promise<void>;
}

/** A file on disk (a converted WAV, a test fixture). */
export function fileRecording(file: string): RecordingSource {
  return {
    size: async () => (await stat(file)).size,
    open: async (range) => createReadStream(file, range ? { start: range.start, end: range.end } : {}),
    withFile: (work) => work(file),
    download: (target) => copyFile(file, target, constants.COPYFILE_EXCL),
  };
}

/** A recording in the audio store: ranges straight from it; a verified temp copy for decoding. */
export function storedRecording(store: AudioStore, sha256: string, tempRoot?: string): RecordingSource {
  return {
    size: () => store.size(sha256),
    open: (range) => store.open(sha256, range),
    withFile: (work) => withTempDir('playback', async (dir) => {
      const file = path.join(dir, 'recording');
      await store.download(sha256, file);
      return work(file);
    }, tempRoot),
    download: (file) => store.download(sha256, file),
  };
}

/** What an AudioLocator answers: a source, or a plain file path (tests, a mounted directory). */
export function asRecordingSource(located: RecordingSource | string): RecordingSource {
  return typeof located === 'string' ? fileRecording(located) : located;
}

/**
 * The review app's locator over the audio store: played from wherever the store keeps it (ranges
 * straight from object storage), so the app server needs no copy of the recordings.
 */
export function storeAudioLocator(store: AudioStore): (call: { audioSha256: string | null }) => Promise<RecordingSource | undefined> {
  return async (call) => {
    if (!call.audioSha256 || !(await store.has(call.audioSha256))) return undefined;
    return storedRecording(store, call.audioSha256);
  };
}
