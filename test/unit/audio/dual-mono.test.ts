import { describe, expect, it } from 'vitest';
import { isDualMono } from '../../../src/audio/dual-mono.ts';

const signal = Int16Array.from({ length: 16000 }, (_, i) => Math.round(8000 * Math.sin(i / 7)));

describe('isDualMono', () => {
  it('the same signal on both channels, even with codec noise, is mono', () => {
    expect(isDualMono(signal, signal.slice())).toBe(true);
    expect(isDualMono(signal, signal.map((v, i) => v + ((i * 7919) % 41) - 20))).toBe(true);
  });
  it('two different legs are not', () => {
    const other = Int16Array.from({ length: 16000 }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
    expect(isDualMono(signal, other)).toBe(false);
    expect(isDualMono(signal, new Int16Array(signal.length))).toBe(false);
    expect(isDualMono(signal, signal.map((v) => Math.round(v * 0.5)))).toBe(false); // a level difference is a different mix
  });
  it('two silent channels or different lengths are left alone', () => {
    expect(isDualMono(new Int16Array(100), new Int16Array(100))).toBe(false);
    expect(isDualMono(signal, signal.subarray(1))).toBe(false);
  });
});
