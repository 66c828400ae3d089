import { describe, expect, it } from 'vitest';
import { mergeChannels } from '../../../src/asr/merge-channels.ts';
import { SegmentSchema } from '../../../src/domain/transcript.ts';

describe('mergeChannels', () => {
  it('labels each side and orders the call by start time', () => {
    const merged = mergeChannels([
      { speaker: 'agent', segments: [{ startMs: 0, endMs: 1000, text: 'a1' }, { startMs: 3000, endMs: 4000, text: 'a2' }] },
      { speaker: 'customer', segments: [{ startMs: 1200, endMs: 2500, text: 'c1' }, { startMs: 3500, endMs: 3900, text: 'c2' }] },
    ]);
    expect(merged.map((s) => `${s.speaker}:${s.text}`)).toEqual(['agent:a1', 'customer:c1', 'agent:a2', 'customer:c2']);
    for (const s of merged) expect(SegmentSchema.safeParse(s).success).toBe(true);
  });

  it('keeps overlapping speech from both sides, agent first on a tie', () => {
    const merged = mergeChannels([
      { speaker: 'customer', segments: [{ startMs: 500, endMs: 900, text: 'c' }] },
      { speaker: 'agent', segments: [{ startMs: 500, endMs: 900, text: 'a', confidence: 0.5 }] },
    ]);
    expect(merged.map((s) => s.speaker)).toEqual(['agent', 'customer']);
    expect(merged[0]).toEqual({ speaker: 'agent', startMs: 500, endMs: 900, text: 'a', confidence: 0.5 });
  });

  it('returns an empty timeline for silent channels', () => {
    expect(mergeChannels([{ speaker: 'unknown', segments: [] }])).toEqual([]);
  });
});
