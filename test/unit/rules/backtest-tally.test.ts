import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/finding.ts';
import { BacktestTally, estimate, MANUAL_MISSED_RULE, sameHit } from '../../../src/rules/index.ts';

const f = (callId: string, ruleId: string, startMs: number, endMs: number, quote = ''): Finding => ({
  callId, ruleId, ruleVersion: 'v', title: ruleId, category: 'abuse', severity: 'high', speaker: 'agent', startMs, endMs, quote, matched: [], source: '',
});
const rules = [{ ruleId: 'r1', language: 'zh-CN', title: 'R1', inPublished: true, inDraft: true }];
const mask = (q: string) => q.replace(/\d/g, '*');

describe('backtest tally', () => {
  it('matches findings by call, rule and overlapping closed spans', () => {
    expect(sameHit(f('a', 'r1', 0, 100), f('a', 'r1', 100, 200))).toBe(true);
    expect(sameHit(f('a', 'r1', 0, 0), f('a', 'r1', 0, 0))).toBe(true);
    expect(sameHit(f('a', 'r1', 0, 99), f('a', 'r1', 100, 200))).toBe(false);
    expect(sameHit(f('a', 'r1', 0, 100), f('a', 'r2', 0, 100))).toBe(false);
    expect(sameHit(f('a', 'r1', 0, 100), f('b', 'r1', 0, 100))).toBe(false);
  });

  it('gives Wilson intervals that stay inside [0, 1] and widen for small samples', () => {
    expect(estimate(0, 0)).toEqual({ value: null, successes: 0, n: 0, low: null, high: null });
    const small = estimate(2, 3);
    expect(small.value).toBeCloseTo(0.667, 3);
    expect(small.low).toBeCloseTo(0.208, 3);
    expect(small.high).toBeCloseTo(0.939, 3);
    const all = estimate(5, 5);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.566, 3);
    const big = estimate(200, 300);
    expect(big.high! - big.low!).toBeLessThan(small.high! - small.low!);
  });

  it('diffs, samples (masked, bounded) and weighs every kind of evidence once', () => {
    const tally = new BacktestTally(rules, { samplesPerRule: 1, maskQuote: mask });
    // Call a: a dismissed hit the draft drops, a confirmed one it keeps, one it adds.
    tally.addCall({
      callId: 'a', startedAt: '2026-11-02T10:00:00+08:00',
      published: [f('a', 'r1', 0, 1000, 'call 13812345678'), f('a', 'r1', 5000, 6000)],
      draft: [f('a', 'r1', 5200, 5800), f('a', 'r1', 9000, 9500), f('a', 'r1', 12000, 12500)],
      reviewed: [{ callId: 'a', ruleId: 'r1', startMs: 0, endMs: 1000, verdict: 'dismissed' }, { callId: 'a', ruleId: 'r1', startMs: 5000, endMs: 6000, verdict: 'confirmed' }],
      missed: [], sampledClean: false,
    });
    // Call b: sampled clean; the draft flags it twice, one of them a hit a reviewer already dismissed
    // (counted once, as dismissed). A manual finding under no rule, caught by the draft's overlapping hit.
    tally.addCall({
      callId: 'b', startedAt: '2026-11-03T10:00:00+08:00',
      published: [],
      draft: [f('b', 'r1', 0, 100), f('b', 'r1', 300, 400)],
      reviewed: [{ callId: 'b', ruleId: 'r1', startMs: 0, endMs: 100, verdict: 'dismissed' }],
      missed: [{ callId: 'b', ruleId: MANUAL_MISSED_RULE, startMs: 350, endMs: 360 }],
      sampledClean: true,
    });
    const s = tally.summary();
    expect(s).toMatchObject({ calls: 2, sampledCleanCalls: 1 });
    const r1 = s.rules[0]!;
    expect(r1).toMatchObject({ added: 4, removed: 1 });
    expect(r1.addedSamples).toHaveLength(1);
    expect(r1.removedSamples).toEqual([expect.objectContaining({ callId: 'a', quote: 'call ***********', verdict: 'dismissed' })]);
    expect(r1.draft.evidence).toEqual({
      confirmedKept: 1, confirmedDropped: 0, dismissedKept: 1, dismissedDropped: 1, missedCaught: 0, missedStill: 0, cleanSampleFlags: 1,
    });
    expect(r1.published.evidence).toMatchObject({ dismissedKept: 1, dismissedDropped: 1, cleanSampleFlags: 0 });
    expect(r1.draft.precision).toMatchObject({ successes: 1, n: 3 });
    // The manual finding under no rule counts only in the total, caught by the draft's hit at 300–400.
    expect(s.total.draft.evidence).toMatchObject({ missedCaught: 1, missedStill: 0 });
    expect(s.total.published.evidence).toMatchObject({ missedCaught: 0, missedStill: 1 });
    expect(s.total.draft.recall).toMatchObject({ value: 1, n: 2 });
    expect(s.total.published.recall).toMatchObject({ successes: 1, n: 2 });
  });
});
