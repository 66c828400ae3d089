import { describe, expect, it } from 'vitest';
import { drawSample, isWeekStart, sampleSize } from '../../../src/domain/qa-sampling.ts';

const calls = (agent: string, n: number) => Array.from({ length: n }, (_, i) => ({ callId: `${agent}-${String(i).padStart(3, '0')}`, agentId: agent }));

describe('sample size', () => {
  it('takes the percentage, rounded up, but at least the minimum and at most every call', () => {
    expect(sampleSize(1000, { percent: 2, minimum: 3 })).toBe(20);
    expect(sampleSize(101, { percent: 2, minimum: 0 })).toBe(3); // 2.02 → 3
    expect(sampleSize(50, { percent: 2, minimum: 3 })).toBe(3);
    expect(sampleSize(2, { percent: 2, minimum: 3 })).toBe(2);
    expect(sampleSize(0, { percent: 50, minimum: 3 })).toBe(0);
    expect(sampleSize(10, { percent: 0, minimum: 0 })).toBe(0);
  });
});

describe('drawing the sample', () => {
  const pool = [...calls('A1', 200), ...calls('A2', 10), ...calls('A3', 1)];

  it('draws per agent: 2 % of 200 = 4, the minimum 3 of 10, the single call of the third', () => {
    const picked = drawSample(pool, { percent: 2, minimum: 3 }, 'seed-1');
    const per = (a: string) => picked.filter((p) => p.agentId === a).length;
    expect([per('A1'), per('A2'), per('A3')]).toEqual([4, 3, 1]);
    expect(new Set(picked.map((p) => p.callId)).size).toBe(picked.length);
  });

  it('is the same for the same seed whatever the order of the candidates, and differs for another seed', () => {
    const a = drawSample(pool, { percent: 5, minimum: 2 }, 'w');
    const b = drawSample([...pool].reverse(), { percent: 5, minimum: 2 }, 'w');
    const c = drawSample(pool, { percent: 5, minimum: 2 }, 'other');
    expect(b.map((x) => x.callId)).toEqual(a.map((x) => x.callId));
    expect(c.map((x) => x.callId)).not.toEqual(a.map((x) => x.callId));
  });

  it('spreads over the calls: over many seeds every call of an agent is drawn about equally often', () => {
    const ten = calls('A', 10);
    const counts = new Map<string, number>();
    for (let s = 0; s < 2000; s++) for (const p of drawSample(ten, { percent: 0, minimum: 1 }, `s${s}`)) counts.set(p.callId, (counts.get(p.callId) ?? 0) + 1);
    expect(counts.size).toBe(10);
    for (const n of counts.values()) expect(n).toBeGreaterThan(120); // expected 200 each
  });
});

describe('weeks', () => {
  it('accepts only real Mondays as week starts', () => {
    expect(isWeekStart('2026-11-30')).toBe(true);
    expect(isWeekStart('2026-12-01')).toBe(false);
    expect(isWeekStart('2026-02-30')).toBe(false);
    expect(isWeekStart('30-11-2026')).toBe(false);
  });
});
