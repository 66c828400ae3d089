import { describe, expect, it } from 'vitest';
import { formatProblem, loadPolicy } from '../../../src/rules/index.ts';
import { withTempFiles } from './helpers.ts';

/* rules/policy.yaml's qa_sampling block (docs/qa.md): validated with file:line like the rest. */
const BASE = 'severity_weights: { low: 1, medium: 3, high: 8, critical: 20 }\nopen_case_at: 8\n';

function load(extra: string) {
  return withTempFiles({ 'policy.yaml': BASE + extra }, (root) => {
    const r = loadPolicy(`${root}/policy.yaml`);
    return r.ok ? { ok: true as const, policy: r.policy } : { ok: false as const, lines: r.problems.map((p) => formatProblem({ ...p, file: 'policy.yaml' })) };
  });
}

describe('the qa_sampling policy block', () => {
  it('takes percent, minimum and claim minutes, and defaults each', () => {
    const full = load('qa_sampling:\n  percent: 5\n  minimum: 3\n  claim_minutes: 45\n');
    expect(full.ok && full.policy.qa_sampling).toEqual({ percent: 5, minimum: 3, claim_minutes: 45 });
    const partial = load('qa_sampling:\n  percent: 0.5\n');
    expect(partial.ok && partial.policy.qa_sampling).toEqual({ percent: 0.5, minimum: 2, claim_minutes: 30 });
    const none = load('');
    expect(none.ok && none.policy.qa_sampling).toEqual({ percent: 2, minimum: 2, claim_minutes: 30 });
  });

  it('refuses a percentage above 100, a fractional or negative minimum, a zero claim and unknown keys, each at its line', () => {
    const r = load('qa_sampling:\n  percent: 150\n  minimum: 1.5\n  claim_minutes: 0\n  seed: x\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.lines).toContain('policy.yaml:4:12: qa_sampling.percent: Too big: expected number to be <=100');
    expect(r.lines.some((l) => l.startsWith('policy.yaml:5:') && l.includes('qa_sampling.minimum'))).toBe(true);
    expect(r.lines.some((l) => l.startsWith('policy.yaml:6:') && l.includes('qa_sampling.claim_minutes'))).toBe(true);
    expect(r.lines.some((l) => l.includes('unknown key "seed"'))).toBe(true);
    const negative = load('qa_sampling:\n  minimum: -1\n');
    expect(negative.ok).toBe(false);
  });

  it('is valid as shipped', () => {
    const shipped = loadPolicy('rules/policy.yaml');
    expect(shipped.ok && shipped.policy.qa_sampling).toEqual({ percent: 2, minimum: 2, claim_minutes: 30 });
  });
});
