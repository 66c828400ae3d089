import { describe, expect, it } from 'vitest';
import { formatProblem, loadRuleSet, runExamples, scanTranscript } from '../../../src/rules/index.ts';
import { call } from './helpers.ts';

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

/**
 * Behaviour of the shipped zh-CN cues that no rule example states: rule examples are training data of
 * the text models (npm run train:models), so a behaviour added between trainings is pinned here.
 */
describe('the shipped zh-CN pack, between trainings of its text models', () => {
  const set = loadRuleSet('rules');
  const flagged = (text: string) => {
    if (!set.ok) throw new Error('rules/ is invalid');
    const pack = set.packs.get('zh-CN')!;
    const measured = new Set(pack.rules.filter((r) => r.rule.category === 'threat' || r.rule.category === 'abuse').map((r) => r.id));
    return scanTranscript(pack, call('zh-CN', [['agent', text]]), [], { onlyRules: measured }).map((f) => f.ruleId);
  };

  it('a colleague\'s words followed by an apology or their handling are told, not threatened', () => {
    expect(flagged('之前那位同事说要上门堵你，这是他的个人行为，我代表公司向您道歉。')).toEqual([]);
    expect(flagged('我们明天就上门堵你，道歉是不可能的。')).not.toEqual([]);
  });
});
