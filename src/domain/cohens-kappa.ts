/**
 * Cohen's kappa: agreement of two raters beyond what chance gives, κ = (pₒ − pₑ) / (1 − pₑ), where
 * pₒ is the share of items both rated alike and pₑ = Σₖ p₁(k)·p₂(k) the agreement expected from
 * each rater's own label frequencies. With more than two reviewers on a call, every pair of them
 * rates the item once (pairs pooled in one table), the usual generalisation for calibration panels.
 */

export interface KappaResult {
  /** Rated pairs. */
  n: number;
  observed: number;
  expected: number;
  /** null when undefined: no pairs, or pₑ = 1 (both raters used one and the same label throughout). */
  kappa: number | null;
}

export function cohensKappa(pairs: ReadonlyArray<readonly [string, string]>): KappaResult {
  const n = pairs.length;
  if (n === 0) return { n, observed: 0, expected: 0, kappa: null };
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  let agree = 0;
  for (const [a, b] of pairs) {
    if (a === b) agree++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  const observed = agree / n;
  let expected = 0;
  for (const [label, count] of first) expected += (count / n) * ((second.get(label) ?? 0) / n);
  const kappa = expected >= 1 ? null : (observed - expected) / (1 - expected);
  return { n, observed, expected, kappa };
}

export interface Rating {
  /** What was rated (e.g. calibration and finding). */
  item: string;
  rater: string;
  label: string;
}

/**
 * The rater pairs of each item, raters in name order, so the same two raters always sit on the same
 * side of the table. Items rated by one rater only give no pair.
 */
export function ratingPairs(ratings: readonly Rating[]): Array<[string, string]> {
  const byItem = new Map<string, Rating[]>();
  for (const r of ratings) byItem.set(r.item, [...(byItem.get(r.item) ?? []), r]);
  const pairs: Array<[string, string]> = [];
  for (const list of byItem.values()) {
    const sorted = [...list].sort((a, b) => (a.rater < b.rater ? -1 : a.rater > b.rater ? 1 : 0));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) pairs.push([sorted[i]!.label, sorted[j]!.label]);
    }
  }
  return pairs;
}
