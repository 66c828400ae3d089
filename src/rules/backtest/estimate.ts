/**
 * A proportion estimated from a sample of reviewers' verdicts, with its 95% Wilson score interval:
 * a rule with 3 verdicts and one with 300 can show the same 67%, and the interval says how far to
 * trust each. Wilson rather than the normal approximation because samples here are often tiny or
 * all-one-way, where the normal interval collapses to a point.
 */
export interface Estimate {
  /** successes / n, or null when there is no evidence at all (n = 0). */
  value: number | null;
  successes: number;
  /** The sample size: how many verdicts the estimate rests on. */
  n: number;
  low: number | null;
  high: number | null;
}

const Z95 = 1.959963984540054;

export function estimate(successes: number, n: number): Estimate {
  if (n === 0) return { value: null, successes: 0, n: 0, low: null, high: null };
  const p = successes / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { value: p, successes, n, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
