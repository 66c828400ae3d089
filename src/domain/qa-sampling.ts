import { createHash } from 'node:crypto';

/**
 * The weekly QA sample, as pure functions: which unflagged calls of a week are drawn for review.
 * Per agent, n = max(minimum, ⌈percent × calls⌉), capped at the agent's calls; the calls drawn are
 * the n with the lowest sha256(seed:callId). Keyed hashing instead of a random generator makes the
 * draw reproducible from its seed (a test, an auditor re-checking a week) and independent of the
 * order the candidates come in, while still uniform over the calls for any seed.
 */

export interface SamplingSettings {
  /** 0..100 */
  percent: number;
  minimum: number;
}

export interface Candidate {
  callId: string;
  agentId: string;
}

export function sampleSize(calls: number, s: SamplingSettings): number {
  if (calls <= 0) return 0;
  return Math.min(calls, Math.max(s.minimum, Math.ceil((calls * s.percent) / 100)));
}

export function drawSample<C extends Candidate>(candidates: readonly C[], s: SamplingSettings, seed: string): C[] {
  const byAgent = new Map<string, Array<{ c: C; key: string }>>();
  for (const c of candidates) {
    const key = createHash('sha256').update(`${seed}:${c.callId}`).digest('hex');
    const list = byAgent.get(c.agentId) ?? [];
    list.push({ c, key });
    byAgent.set(c.agentId, list);
  }
  const picked: C[] = [];
  for (const agent of [...byAgent.keys()].sort()) {
    const list = byAgent.get(agent)!;
    list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.c.callId < b.c.callId ? -1 : 1));
    picked.push(...list.slice(0, sampleSize(list.length, s)).map((x) => x.c));
  }
  return picked;
}

/** A week given as YYYY-MM-DD must be a Monday. */
export function isWeekStart(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value && d.getUTCDay() === 1;
}
