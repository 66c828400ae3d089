/**
 * The shared timing helper of the benchmarks: warm up, then the median of N runs, and ratios.
 * Medians resist the noise of a shared machine; every benchmark measures its baseline in the same
 * run so the ratio means something even when absolute times move.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median wall time in ms of `fn` over `runs` runs, after `warmup` unmeasured runs. */
export function timeMedian(fn: () => unknown, runs: number, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export interface Measurement {
  /** Median wall-clock time of one run, ms. */
  wallMs: number;
  /** Median CPU time (user + system) of one run, ms: steadier than wall time on a shared machine. */
  cpuMs: number;
  runs: number;
}

/**
 * Warms `fn` up for `warmupMs` (the JIT needs many calls to optimise a hot loop: a long-running
 * scanner is warm), then times `runs` runs and reports the medians of wall and CPU time.
 */
export function measure(fn: () => unknown, runs: number, warmupMs = 1000): Measurement {
  const until = performance.now() + warmupMs;
  do fn();
  while (performance.now() < until);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu), runs };
}

export function ratio(baselineMs: number, candidateMs: number): number {
  return candidateMs > 0 ? baselineMs / candidateMs : Number.POSITIVE_INFINITY;
}

/** `--name value` from the command line, or the fallback. */
export function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** A small deterministic PRNG (mulberry32) so generated inputs are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
