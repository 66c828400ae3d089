import { describe, expect, it } from 'vitest';
import { ruleMatchingVersion } from '../../../src/rules/rule-matching.ts';
import { ruleVersion } from '../../../src/rules/rule-version.ts';
import type { Rule } from '../../../src/rules/rule-schema.ts';

const base = {
  id: 'en.abuse.insult', title: { 'zh-CN': '侮辱', 'en-US': 'Insult' }, category: 'abuse', severity: 'high', source: 'FDCPA §1692d(2)',
  description: { 'en-US': 'Name-calling' }, enabled: true, kind: 'phrase', speaker: 'agent', sound_alike: false,
  match: { any: ['deadbeat', 'loser'] }, examples: { match: [], no_match: [] },
} as unknown as Rule;

describe('ruleMatchingVersion', () => {
  it('ignores the title, description, source and examples, which change no finding', () => {
    const reworded = { ...base, title: { 'zh-CN': '辱骂', 'en-US': 'Insulting the borrower' }, description: { 'en-US': 'Other words' }, source: 'Reg F', examples: { match: [{ text: 'x' }], no_match: [] } } as unknown as Rule;
    expect(ruleVersion(reworded)).not.toBe(ruleVersion(base));
    expect(ruleMatchingVersion(reworded)).toBe(ruleMatchingVersion(base));
  });

  it('changes with what the rule matches, its speaker, severity and the lexicons it uses', () => {
    const m = ruleMatchingVersion(base);
    expect(ruleMatchingVersion({ ...base, match: { any: ['deadbeat'] } } as unknown as Rule)).not.toBe(m);
    expect(ruleMatchingVersion({ ...base, speaker: 'any' } as unknown as Rule)).not.toBe(m);
    expect(ruleMatchingVersion({ ...base, severity: 'critical' } as unknown as Rule)).not.toBe(m);
    const withClass = { ...base, match: { any: ['@insults'] } } as unknown as Rule;
    expect(ruleMatchingVersion(withClass, undefined, undefined, { insults: ['loser'] })).not.toBe(ruleMatchingVersion(withClass, undefined, undefined, { insults: ['loser', 'bum'] }));
  });
});
