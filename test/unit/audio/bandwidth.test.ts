import { describe, expect, it } from 'vitest';
import { callBandwidth, measureBandwidth } from '../../../src/audio/bandwidth.ts';

/** Tones at the given frequencies and amplitudes (full scale 1), with a little deterministic noise. */
function tones(parts: Array<[hz: number, amplitude: number]>, seconds = 1, rate = 16000): Int16Array {
  const out = new Int16Array(seconds * rate);
  let seed = 7;
  for (let i = 0; i < out.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const noise = ((seed / 0x7fffffff) - 0.5) * 1e-5;
    const v = parts.reduce((s, [hz, a]) => s + a * Math.sin((2 * Math.PI * hz * i) / rate), noise);
    out[i] = Math.round(v * 32767);
  }
  return out;
}

describe('measureBandwidth', () => {
  it('calls audio wideband when a share of its energy lies between 4.5 and 7.5 kHz (fricatives)', () => {
    const b = measureBandwidth(tones([[300, 0.3], [1200, 0.2], [6000, 0.03]]), 16000);
    expect(b.band).toBe('wide');
    expect(b.highBandShare).toBeGreaterThan(0.001);
  });

  it('calls telephone-band audio narrowband however it was resampled', () => {
    const b = measureBandwidth(tones([[300, 0.3], [1200, 0.2], [3400, 0.05]]), 16000);
    expect(b.band).toBe('narrow');
    expect(b.highBandShare).toBeLessThan(0.0006);
  });

  it('knows 8 kHz audio is narrowband without measuring, and cannot judge silence', () => {
    expect(measureBandwidth(tones([[300, 0.3]], 1, 8000), 8000)).toEqual({ highBandShare: 0, frames: 0, band: 'narrow' });
    expect(measureBandwidth(new Int16Array(16000), 16000).band).toBe('unknown');
  });

  it('judges a call wide when any side is wide, narrow when every judged side is narrow', () => {
    const wide = tones([[300, 0.3], [6000, 0.05]]);
    const narrow = tones([[300, 0.3]]);
    const silent = new Int16Array(16000);
    expect(callBandwidth([narrow, wide], 16000).band).toBe('wide');
    expect(callBandwidth([narrow, silent], 16000).band).toBe('narrow');
    expect(callBandwidth([silent], 16000).band).toBe('unknown');
  });

  it('refuses an FFT length that is not a power of two', () => {
    expect(() => measureBandwidth(new Int16Array(1000), 16000, { fftSize: 500 })).toThrow(/power of two/);
  });
});
