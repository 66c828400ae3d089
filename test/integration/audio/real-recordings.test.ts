import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { silentChannelFlags } from '../../../src/audio/checks.ts';
import { decodeToPcm } from '../../../src/audio/decode.ts';

/**
 * Real recordings (third-party, read in place, never copied): ../shared/eval/audio and Debian's
 * pocketsphinx-testdata. Skipped with a message where they are absent.
 */
const EVAL_AUDIO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/eval/audio');
const SPHINX_DATA = '/usr/share/pocketsphinx/test/data';

const real = [
  ...(existsSync(EVAL_AUDIO) ? readdirSync(EVAL_AUDIO).filter((f) => f.endsWith('.wav')).map((f) => path.join(EVAL_AUDIO, f)) : []),
  ...['librivox', 'cards'].flatMap((sub) => {
    const d = path.join(SPHINX_DATA, sub);
    // Two of each set: they are all alike, and every decode is two process starts.
    return existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.wav')).sort().slice(0, 2).map((f) => path.join(d, f)) : [];
  }),
];
if (real.length === 0) console.warn(`real-recordings: skipped, neither ${EVAL_AUDIO} nor ${SPHINX_DATA} exists (install pocketsphinx-testdata)`);

describe.skipIf(real.length === 0)('real recordings', () => {
  it.each(real.map((f) => [path.basename(f), f]))('%s decodes to its stated length and is not taken for silence', async (_name, file) => {
    const d = await decodeToPcm(file, { split: true });
    expect(Math.abs(d.durationMs - d.source.durationMs)).toBeLessThanOrEqual(20);
    expect(silentChannelFlags(d.channels, d.sampleRate)).toEqual(d.channels.map(() => false));
  });

  const timit16 = path.join(EVAL_AUDIO, 'LDC93S1.wav');
  const timit8 = path.join(EVAL_AUDIO, 'LDC93S1_pcms16le_1_8000.wav');
  it.skipIf(!existsSync(timit8))('the same utterance at 8 kHz and at 16 kHz decodes to the same timeline', async () => {
    const [wide, narrow] = await Promise.all([decodeToPcm(timit16, { split: true }), decodeToPcm(timit8, { split: true })]);
    expect(narrow.source.sampleRate).toBe(8000);
    expect(Math.abs(narrow.durationMs - wide.durationMs)).toBeLessThanOrEqual(20);
    expect(Math.abs(bestLagMs(wide.channels[0]!, narrow.channels[0]!))).toBeLessThanOrEqual(2);
  });
});

/** Lag (ms) that best aligns the 1 ms energy envelopes of two signals, searched within ±100 ms. */
function bestLagMs(a: Int16Array, b: Int16Array): number {
  const env = (pcm: Int16Array) => Float64Array.from({ length: Math.floor(pcm.length / 16) }, (_, i) => {
    let s = 0;
    for (let j = i * 16; j < i * 16 + 16; j++) s += pcm[j]! * pcm[j]!;
    return Math.sqrt(s);
  });
  const ea = env(a);
  const eb = env(b);
  let best = -Infinity;
  let lag = 0;
  for (let l = -100; l <= 100; l++) {
    let s = 0;
    for (let i = 0; i < ea.length; i++) s += ea[i]! * (eb[i + l] ?? 0);
    if (s > best) [best, lag] = [s, l];
  }
  return lag;
}
