import type { RecordingSource } from './recording-source.ts';
import { decodeToPcm, type DecodedAudio } from '../audio/decode.ts';

/**
 * Waveform peaks for the player: the recording decoded once on the server (ffmpeg / sox through
 * src/audio), each channel reduced to PEAK_RESOLUTION maxima in 0..1, kept in a small cache keyed
 * by the audio hash (a call's audio never changes: it is content-addressed). A request for fewer
 * buckets is scaled down from those, so asking for every `buckets` value in turn costs one decode,
 * not one each; and at most `maxConcurrentDecodes` recordings are decoded at once, whoever asks.
 */
export const PEAK_RESOLUTION = 4000;

export function computePeaks(pcm: Int16Array, buckets: number): number[] {
  const out = new Array<number>(buckets).fill(0);
  if (pcm.length === 0 || buckets <= 0) return out;
  const per = pcm.length / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * per);
    const end = Math.min(pcm.length, Math.max(start + 1, Math.floor((b + 1) * per)));
    let max = 0;
    for (let i = start; i < end; i++) {
      const v = Math.abs(pcm[i]!);
      if (v > max) max = v;
    }
    out[b] = Math.round((max / 32768) * 1000) / 1000;
  }
  return out;
}

/** Max-pools `peaks` down to `buckets` values (buckets ≤ peaks.length). */
export function scalePeaks(peaks: readonly number[], buckets: number): number[] {
  if (buckets >= peaks.length) return [...peaks];
  const out = new Array<number>(buckets).fill(0);
  const per = peaks.length / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * per);
    const end = Math.max(start + 1, Math.floor((b + 1) * per));
    let max = 0;
    for (let i = start; i < end; i++) if (peaks[i]! > max) max = peaks[i]!;
    out[b] = max;
  }
  return out;
}

export interface Peaks {
  durationMs: number;
  /** One array per channel: [left, right] for stereo recordings, [mono] otherwise. */
  channels: number[][];
}

export type Decode = (file: string) => Promise<Pick<DecodedAudio, 'durationMs' | 'channels'>>;

export function createPeaksCache(options: { decode?: Decode; maxConcurrentDecodes?: number; size?: number } = {}) {
  const decode = options.decode ?? ((file: string) => decodeToPcm(file, { split: true }));
  const maxConcurrent = options.maxConcurrentDecodes ?? 2;
  const size = options.size ?? 64;
  const cache = new Map<string, Promise<Peaks>>();
  let running = 0;
  const waiting: (() => void)[] = [];

  const limited = async <T>(fn: () => Promise<T>): Promise<T> => {
    while (running >= maxConcurrent) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };

  /** `recording`: a file, or a source fetched only when the peaks are not cached yet. */
  return async function peaksFor(key: string, recording: string | Pick<RecordingSource, 'withFile'>, buckets: number): Promise<Peaks> {
    let p = cache.get(key);
    if (!p) {
      p = limited(() => (typeof recording === 'string' ? decode(recording) : recording.withFile(decode))).then((audio) => ({
        durationMs: audio.durationMs,
        channels: audio.channels.map((c) => computePeaks(c, PEAK_RESOLUTION)),
      }));
      // A failed decode is not cached: the next request tries again.
      p.catch(() => cache.delete(key));
      cache.set(key, p);
      while (cache.size > size) cache.delete(cache.keys().next().value!);
    }
    const full = await p;
    return { durationMs: full.durationMs, channels: full.channels.map((c) => scalePeaks(c, buckets)) };
  };
}

/** The server's cache. */
export const peaksFor = createPeaksCache();
