import { describe, expect, it } from 'vitest';
import { buildWhisperTestModel, GGML_MAGIC, melFilterBank } from '../../../src/asr/whisper-test-model.ts';

describe('whisper test model', () => {
  it('writes magic, the 11 hyper-parameters of the small shape, mel filters and a vocabulary', () => {
    const bytes = buildWhisperTestModel();
    const ints = Array.from({ length: 14 }, (_, i) => bytes.readInt32LE(i * 4));
    expect(ints).toEqual([GGML_MAGIC, 51865, 1500, 64, 1, 4, 448, 64, 1, 4, 80, 1, 80, 201]);
    const vocabAt = 14 * 4 + 80 * 201 * 4;
    expect(bytes.readInt32LE(vocabAt)).toBe(256);
    expect(bytes.length).toBe(vocabAt + 4 + 256 * 5);
    expect(bytes.length).toBeGreaterThan(60_000);
    expect(bytes.length).toBeLessThan(70_000);
  });

  it('builds triangular mel filters: non-negative, each with some weight, peaks rising in frequency', () => {
    const bank = melFilterBank(80, 201, 16000);
    const peakBin = (m: number) => {
      const row = bank.subarray(m * 201, (m + 1) * 201);
      return row.indexOf(Math.max(...row));
    };
    expect(Math.min(...bank)).toBeGreaterThanOrEqual(0);
    for (let m = 0; m < 80; m++) expect(Math.max(...bank.subarray(m * 201, (m + 1) * 201))).toBeGreaterThan(0);
    expect(peakBin(79)).toBeGreaterThan(peakBin(40));
    expect(peakBin(40)).toBeGreaterThan(peakBin(0));
  });
});
