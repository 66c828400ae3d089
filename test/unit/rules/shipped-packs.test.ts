import { describe, expect, it } from 'vitest';
import { formatProblem, loadRuleSet, runExamples } from '../../../src/rules/index.ts';

describe('the shipped rule packs (rules/)', () => {
  const set = loadRuleSet('rules');

  it('lint clean', () => {
    expect(set.ok ? [] : set.problems.map(formatProblem)).toEqual([]);
  });

  it('have a zh-CN and an en-US pack whose examples all pass', () => {
    if (!set.ok) throw new Error('rules/ is invalid');
    expect([...set.packs.keys()].sort()).toEqual(['en-US', 'zh-CN']);
    for (const pack of set.packs.values()) {
      const report = runExamples(pack);
      expect(report.results.filter((r) => !r.passed).map((r) => `${r.position.file}:${r.position.line}: ${r.message}`)).toEqual([]);
      expect(report.passed).toBeGreaterThan(0);
    }
  });
});
