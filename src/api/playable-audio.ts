import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeToPcm } from '../audio/decode.ts';
import { encodeWav } from '../audio/wav.ts';
import type { RecordingSource } from './recording-source.ts';

/**
 * Browsers play WAV (PCM), MP3, AAC/M4A, Ogg/Opus, WebM and FLAC; telephony recordings are often
 * AMR, GSM or G.729, which they cannot. Those are decoded once (src/audio: sox for AMR, ffmpeg for
 * the rest) into a 16 kHz 16-bit WAV kept beside the original under `cacheDir`, named by the
 * recording's hash, and that file is what the player gets (with range requests like any other).
 */
const BROWSER_PLAYABLE = new Set(['wav', 'mp3', 'm4a', 'mp4', 'aac', 'ogg', 'oga', 'opus', 'webm', 'flac']);

export function browserCanPlay(format: string | null): boolean {
  return format !== null && BROWSER_PLAYABLE.has(format.toLowerCase().replace(/^\./, ''));
}

const pending = new Map<string, Promise<string>>();

export function playableWav(sha256: string, original: RecordingSource, cacheDir: string): Promise<string> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new RangeError('not a sha256');
  const target = path.join(cacheDir, `${sha256}.wav`);
  let p = pending.get(sha256);
  if (!p) {
    p = (async () => {
      try {
        await stat(target);
        return target;
      } catch {
        /* not converted yet */
      }
      const audio = await original.withFile((file) => decodeToPcm(file, { split: true }));
      const pcm = interleave(audio.channels);
      await mkdir(cacheDir, { recursive: true });
      // Written under a temporary name and renamed: a half-written file is never served.
      const tmp = `${target}.${process.pid}.tmp`;
      await writeFile(tmp, encodeWav(pcm, audio.sampleRate, audio.channels.length));
      await rename(tmp, target);
      return target;
    })().finally(() => pending.delete(sha256));
    pending.set(sha256, p);
  }
  return p;
}

export function interleave(channels: readonly Int16Array[]): Int16Array {
  if (channels.length === 1) return channels[0]!;
  const n = Math.min(...channels.map((c) => c.length));
  const out = new Int16Array(n * channels.length);
  for (let i = 0; i < n; i++) for (let c = 0; c < channels.length; c++) out[i * channels.length + c] = channels[c]![i]!;
  return out;
}
