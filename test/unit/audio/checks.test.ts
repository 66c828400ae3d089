import { describe, expect, it } from 'vitest';
import { findSilentSpeakers, measureActivity, recordingFacts, silentChannelFlags } from '../../../src/audio/checks.ts';
import { assignSpeakers } from '../../../src/audio/speakers.ts';
import type { DecodedAudio } from '../../../src/audio/decode.ts';

const RATE = 16000;

/** A tone at `rms` (full scale 1) for `ms`, preceded by `silenceMs` of zeros. */
function tone(ms: number, rms: number, silenceMs = 0): Int16Array {
  const lead = (silenceMs * RATE) / 1000;
  const out = new Int16Array(lead + (ms * RATE) / 1000);
  const amplitude = rms * Math.SQRT2 * 32767;
  for (let i = lead; i < out.length; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / RATE));
  return out;
}

describe('measureActivity', () => {
  it('measures overall RMS, the loudest frame and the time above the speech threshold', () => {
    const a = measureActivity(tone(1000, 0.1, 1000), RATE);
    expect(a.rms).toBeCloseTo(0.1 / Math.SQRT2, 2);
    expect(a.peakFrameRms).toBeCloseTo(0.1, 2);
    expect(a.speechMs).toBe(1000);
  });
  it('line noise is not speech; quiet real speech is (≈ −40 dBFS, like the TIMIT sample)', () => {
    expect(measureActivity(tone(5000, 0.001), RATE).speechMs).toBe(0);
    expect(measureActivity(tone(2000, 0.01), RATE).speechMs).toBe(2000);
  });
  it('crosstalk (a weaker copy of the other side) is not speech once the other side is the reference', () => {
    const talker = tone(3000, 0.1);
    const leak = talker.map((v) => Math.round(v * 0.15)); // ≈ 0.015 RMS, the most Opus leaked in measurements
    expect(measureActivity(leak, RATE).speechMs).toBe(3000);
    expect(measureActivity(leak, RATE, { reference: talker }).speechMs).toBe(0);
    expect(measureActivity(talker, RATE, { reference: leak }).speechMs).toBe(3000);
  });
  it('handles an empty channel', () => {
    expect(measureActivity(new Int16Array(0), RATE)).toEqual({ rms: 0, peakFrameRms: 0, speechMs: 0 });
  });
});

describe('findSilentSpeakers', () => {
  it('reports the side without speech, crosstalk or not', () => {
    const agent = tone(3000, 0.1);
    const crosstalk = agent.map((v) => Math.round(v * 0.06));
    expect(findSilentSpeakers(assignSpeakers([agent, crosstalk], 'agent-left'), RATE)).toEqual(['customer']);
    expect(findSilentSpeakers(assignSpeakers([crosstalk, agent], 'agent-left'), RATE)).toEqual(['agent']);
    expect(findSilentSpeakers(assignSpeakers([agent, new Int16Array(agent.length)], 'agent-right'), RATE)).toEqual(['agent']);
  });
  it('a few hundred ms of speech (a cough, a click) is still a silent side; a quiet reply in a pause is not', () => {
    const agent = tone(2000, 0.1);
    const padded = new Int16Array(3 * RATE);
    padded.set(agent);
    expect(findSilentSpeakers(assignSpeakers([padded, tone(200, 0.1, 2800)]), RATE)).toEqual(['customer']);
    expect(findSilentSpeakers(assignSpeakers([padded, tone(600, 0.01, 2400)]), RATE)).toEqual([]);
  });
  it('speech talking over the other side the whole time does not count (it cannot be told from echo)', () => {
    expect(findSilentSpeakers(assignSpeakers([tone(3000, 0.1), tone(3000, 0.1)]), RATE)).toEqual(['agent', 'customer']);
  });
  it('a silent mono recording means neither side was recorded; a speaking one reports nothing', () => {
    expect(findSilentSpeakers(assignSpeakers([new Int16Array(RATE * 3)]), RATE)).toEqual(['agent', 'customer']);
    expect(findSilentSpeakers(assignSpeakers([tone(3000, 0.1)]), RATE)).toEqual([]);
  });
});

describe('silentChannelFlags', () => {
  it('flags per decoded channel, for skipping a dead side before transcription', () => {
    const agent = tone(3000, 0.1);
    expect(silentChannelFlags([agent, agent.map((v) => Math.round(v * 0.1))], RATE)).toEqual([false, true]);
    expect(silentChannelFlags([tone(3000, 0.01)], RATE)).toEqual([false]);
    expect(silentChannelFlags([new Int16Array(RATE)], RATE)).toEqual([true]);
  });
});

describe('recordingFacts', () => {
  it('no recording', () => {
    expect(recordingFacts(null)).toEqual({ present: false });
  });
  it('present, with the decoded length and silent sides after the layout is applied', () => {
    const decoded: DecodedAudio = {
      sampleRate: 16000,
      channels: [tone(2000, 0.1), new Int16Array(32000)],
      durationMs: 2000,
      source: { durationMs: 2000, codec: 'pcm_s16le', sampleRate: 8000, channels: 2, formatName: 'wav', sizeBytes: 1 },
    };
    expect(recordingFacts(decoded)).toEqual({ present: true, durationMs: 2000, silentChannels: ['customer'] });
    expect(recordingFacts(decoded, 'agent-right')).toEqual({ present: true, durationMs: 2000, silentChannels: ['agent'] });
  });
});
