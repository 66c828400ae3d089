import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Real recordings the ASR tests measure with. They are read where they are installed (Debian's
 * pocketsphinx-testdata, ../shared/eval/audio) and never copied into the repository; tests skip with
 * a message naming what is missing.
 */
export const POCKETSPHINX_DATA = '/usr/share/pocketsphinx/test/data';
export const EVAL_AUDIO = path.resolve(import.meta.dirname, '../../../../shared/eval/audio');

export interface Utterance {
  file: string;
  reference: string;
}

/** The LibriVox clips with their reference transcription (`<s> words </s> (id)` per line). */
export function librivoxUtterances(): Utterance[] | null {
  const dir = path.join(POCKETSPHINX_DATA, 'librivox');
  const index = path.join(dir, 'transcription');
  if (!existsSync(index)) return null;
  return readFileSync(index, 'utf8')
    .split('\n')
    .map((line) => /^<s>\s*(.*?)\s*<\/s>\s*\((.+)\)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: path.join(dir, `${m[2]}.wav`), reference: m[1]! }));
}

/** The 16 kHz English recordings of the shared evaluation folder (texts in `text` and LDC93S1.txt). */
export function evalEnglishUtterances(): Utterance[] | null {
  const textFile = path.join(EVAL_AUDIO, 'text');
  const timitText = path.join(EVAL_AUDIO, 'LDC93S1.txt');
  if (!existsSync(textFile) || !existsSync(timitText)) return null;
  const out: Utterance[] = [];
  for (const line of readFileSync(textFile, 'utf8').split('\n')) {
    const m = /^\S*\/(librispeech-[\w-]+)\s+(.+)$/.exec(line.trim());
    if (m) out.push({ file: path.join(EVAL_AUDIO, `${m[1]}.wav`), reference: m[2]! });
  }
  // LDC93S1.txt: "<first sample> <last sample> <sentence>"
  const timit = /^\d+\s+\d+\s+(.+)$/.exec(readFileSync(timitText, 'utf8').trim());
  if (timit) out.push({ file: path.join(EVAL_AUDIO, 'LDC93S1.wav'), reference: timit[1]! });
  return out.filter((u) => existsSync(u.file));
}

/** Concatenates channels with silence between them: one decoder run (one model load) for many clips. */
export function concatWithGaps(parts: readonly Int16Array[], gapMs: number, sampleRate = 16000): { pcm: Int16Array; offsetsMs: number[] } {
  const gap = Math.round((gapMs * sampleRate) / 1000);
  const total = parts.reduce((n, p) => n + p.length, 0) + gap * Math.max(0, parts.length - 1);
  const pcm = new Int16Array(total);
  const offsetsMs: number[] = [];
  let at = 0;
  for (const p of parts) {
    offsetsMs.push((at / sampleRate) * 1000);
    pcm.set(p, at);
    at += p.length + gap;
  }
  return { pcm, offsetsMs };
}

/** Interleaves two mono channels (padding the shorter with silence) into stereo s16 samples. */
export function interleave(left: Int16Array, right: Int16Array): Int16Array {
  const n = Math.max(left.length, right.length);
  const out = new Int16Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[2 * i] = left[i] ?? 0;
    out[2 * i + 1] = right[i] ?? 0;
  }
  return out;
}
