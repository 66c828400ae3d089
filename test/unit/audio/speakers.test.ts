import { describe, expect, it } from 'vitest';
import { assignSpeakers } from '../../../src/audio/speakers.ts';

const left = new Int16Array([1]);
const right = new Int16Array([2]);

describe('assignSpeakers', () => {
  it('puts the agent on the left by default', () => {
    expect(assignSpeakers([left, right]).map((s) => [s.speaker, s.pcm])).toEqual([['agent', left], ['customer', right]]);
  });
  it('follows agent-right metadata', () => {
    const out = assignSpeakers([left, right], 'agent-right');
    expect(out.find((s) => s.speaker === 'agent')).toMatchObject({ channelIndex: 1, pcm: right });
    expect(out.find((s) => s.speaker === 'customer')).toMatchObject({ channelIndex: 0, pcm: left });
  });
  it('a single channel carries both voices: unknown', () => {
    expect(assignSpeakers([left], 'agent-left')).toEqual([{ speaker: 'unknown', channelIndex: 0, pcm: left }]);
  });
  it('mono metadata makes both channels unknown', () => {
    expect(assignSpeakers([left, right], 'mono').map((s) => s.speaker)).toEqual(['unknown', 'unknown']);
  });
  it('refuses no channels or more than two', () => {
    expect(() => assignSpeakers([])).toThrow(/no channels/);
    expect(() => assignSpeakers([left, right, left])).toThrow(/1 or 2 channels/);
  });
});
