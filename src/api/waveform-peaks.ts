import { decodeToPcm } from '../audio/decode.ts';

/**
 * Waveform peaks for the player: the recording decoded once on the server (ffmpeg / sox through
 * src/audio), each channel reduced to `buckets` maxima in 0..1. Kept in a small cache keyed by the
 * audio hash; a call's audio never changes (content-addressed).
 */
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

export interface Peaks {
  durationMs: number;
  /** One array per channel: [left, right] for stereo recordings, [mono] otherwise. */
  channels: number[][];
}

const CACHE_SIZE = 64;
const cache = new Map<string, Promise<Peaks>>();

export function peaksFor(key: string, file: string, buckets: number): Promise<Peaks> {
  const cacheKey = `${key}:${buckets}`;
  let p = cache.get(cacheKey);
  if (!p) {
    p = decodeToPcm(file, { split: true }).then((audio) => ({
      durationMs: audio.durationMs,
      channels: audio.channels.map((c) => computePeaks(c, buckets)),
    }));
    // A failed decode is not cached: the next request tries again.
    p.catch(() => cache.delete(cacheKey));
    cache.set(cacheKey, p);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return p;
}
