import { describe, expect, it } from 'vitest';
import { decodeToPcm } from '../../../src/audio/decode.ts';
import { computePeaks, createPeaksCache, PEAK_RESOLUTION, scalePeaks } from '../../../src/api/waveform-peaks.ts';

/** Peaks on real recordings decoded by ffmpeg; the decoder is counted, not replaced. */
describe('waveform peaks', () => {
  it('decodes a recording once whatever bucket counts are asked for, and scales down from one resolution', async () => {
    let decodes = 0;
    const peaksFor = createPeaksCache({ decode: (file) => { decodes++; return decodeToPcm(file, { split: true }); } });
    const file = 'fixtures/calls/zh-abusive.mp3';
    const counts = Array.from({ length: 40 }, (_, i) => 50 + i * 97);
    const all = await Promise.all(counts.map((n) => peaksFor('zh-abusive', file, n)));
    expect(decodes).toBe(1);
    all.forEach((p, i) => p.channels.forEach((c) => expect(c).toHaveLength(counts[i]!)));
    // Scaling keeps every maximum: the loudest point is the same at any resolution.
    const direct = await decodeToPcm(file, { split: true });
    const loudest = Math.max(...computePeaks(direct.channels[0]!, PEAK_RESOLUTION));
    for (const p of all) expect(Math.max(...p.channels[0]!)).toBe(loudest);
    expect(scalePeaks([0.1, 0.5, 0.2, 0.9, 0.3, 0.4], 3)).toEqual([0.5, 0.9, 0.4]);
  });

  it('decodes at most the configured number of recordings at once', async () => {
    let running = 0;
    let most = 0;
    const peaksFor = createPeaksCache({
      maxConcurrentDecodes: 2,
      decode: async (file) => {
        running++;
        most = Math.max(most, running);
        try {
          return await decodeToPcm(file, { split: true });
        } finally {
          running--;
        }
      },
    });
    const files = ['zh-abusive.mp3', 'zh-compliant.mp3', 'en-compliant.mp3', 'en-violation.mp3', 'zh-abusive.opus'].map((f) => `fixtures/calls/${f}`);
    await Promise.all(files.map((f) => peaksFor(f, f, 100)));
    expect(most).toBe(2);
  });
});
