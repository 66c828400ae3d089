import { describe, expect, it } from 'vitest';
import { cohensKappa, ratingPairs } from '../../../src/domain/cohens-kappa.ts';

const rep = (n: number, pair: [string, string]) => Array.from({ length: n }, () => pair);

describe("Cohen's kappa", () => {
  it('matches the hand-computed textbook table (50 items: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → κ = 0.4)', () => {
    // pₒ = 35/50 = 0.7; rater 1 says yes 25/50, rater 2 yes 30/50; pₑ = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2/0.5 = 0.4
    const pairs = [...rep(20, ['yes', 'yes']), ...rep(5, ['yes', 'no']), ...rep(10, ['no', 'yes']), ...rep(15, ['no', 'no'])];
    const r = cohensKappa(pairs);
    expect(r.n).toBe(50);
    expect(r.observed).toBeCloseTo(0.7, 12);
    expect(r.expected).toBeCloseTo(0.5, 12);
    expect(r.kappa).toBeCloseTo(0.4, 12);
  });

  it('is 1 for perfect agreement with variation, 0 at chance, negative below it', () => {
    expect(cohensKappa([...rep(3, ['confirmed', 'confirmed']), ...rep(2, ['dismissed', 'dismissed'])]).kappa).toBe(1);
    // pₒ = 0.5, each rater half/half: pₑ = 0.5 → κ = 0
    expect(cohensKappa([['a', 'a'], ['a', 'b'], ['b', 'a'], ['b', 'b']]).kappa).toBe(0);
    // always disagreeing: pₒ = 0, pₑ = 0.5 → κ = −1
    expect(cohensKappa([['a', 'b'], ['b', 'a']]).kappa).toBe(-1);
  });

  it('handles three labels (hand-computed: pₒ = 0.6, pₑ = 0.16 + 0.16 + 0.04 = 0.36, κ = 0.24/0.64 = 0.375)', () => {
    // 10 pairs: rater 1 says c×4, d×4, n×2; rater 2 says c×4, d×4, n×2.
    const pairs: Array<[string, string]> = [
      ['c', 'c'], ['c', 'c'], ['c', 'c'], ['c', 'd'],
      ['d', 'd'], ['d', 'd'], ['d', 'c'], ['d', 'n'],
      ['n', 'n'], ['n', 'd'],
    ];
    const r = cohensKappa(pairs);
    expect(r.observed).toBeCloseTo(0.6, 12);
    expect(r.expected).toBeCloseTo(0.36, 12);
    expect(r.kappa).toBeCloseTo(0.24 / 0.64, 12);
  });

  it('is undefined without pairs or when both raters used one label throughout', () => {
    expect(cohensKappa([]).kappa).toBeNull();
    expect(cohensKappa(rep(4, ['confirmed', 'confirmed']))).toMatchObject({ n: 4, observed: 1, expected: 1, kappa: null });
  });
});

describe('rating pairs', () => {
  it('pairs every two raters of an item once, in rater-name order, and skips items rated once', () => {
    const pairs = ratingPairs([
      { item: 'f1', rater: 'zoe', label: 'dismissed' }, { item: 'f1', rater: 'amy', label: 'confirmed' },
      { item: 'f2', rater: 'amy', label: 'confirmed' }, { item: 'f2', rater: 'bob', label: 'confirmed' }, { item: 'f2', rater: 'cat', label: 'dismissed' },
      { item: 'f3', rater: 'amy', label: 'confirmed' },
    ]);
    expect(pairs).toEqual([['confirmed', 'dismissed'], ['confirmed', 'confirmed'], ['confirmed', 'dismissed'], ['confirmed', 'dismissed']]);
  });
});
