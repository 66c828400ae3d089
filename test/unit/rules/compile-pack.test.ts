import { describe, expect, it } from 'vitest';
import { requiredLiteral } from '../../../src/rules/regex-literal.ts';
import { scanTranscript } from '../../../src/rules/index.ts';
import { call, pack, rule } from './helpers.ts';

describe('requiredLiteral (the literal a regex cannot match without)', () => {
  it.each([
    ['(?:^|[^你他])妈的', '妈的'],
    ['pay (within|in) \\d+ hours? or', 'hour'],
    ['abc?de', 'ab'],
    ['a+bcd', 'bcd'],
    ['x{2,3}yz', 'yz'],
    ['foo|bar', undefined],
    ['(?i)arrest', undefined],
    ['[abc]+', undefined],
    ['.*', undefined],
    ['\\b(?:with|from) (?:[a-z]+ ){1,3}(?:llc|inc)\\b', undefined],
    ['\\bthis is [a-z]+', 'this is'],
  ])('%s → %s', (pattern, literal) => {
    expect(requiredLiteral(pattern)).toBe(literal);
  });

  it('a regex rule fires through its literal, even inside a longer word', () => {
    const p = pack('zh-CN', [rule({ match: { regex: '(?:^|[^你他])妈的' } })]);
    expect(scanTranscript(p, call('zh-CN', [['agent', '妈的，快还钱']]))[0]?.matched).toEqual(['妈的']);
    expect(scanTranscript(p, call('zh-CN', [['agent', '你妈的电话是多少']]))).toEqual([]);
    const en = pack('en-US', [rule({ match: { regex: 'sue[a-z]*' } })]);
    expect(scanTranscript(en, call('en-US', [['agent', 'we will pursue it']]))[0]?.matched).toEqual(['sue']);
  });

  it('a regex meets the text as normalised: its Chinese characters are normalised too (什么 / 什麼, 么 that becomes 幺 on its own)', () => {
    const p = pack('zh-CN', [rule({ match: { regex: '你说什么[呢吗]?$' } })]);
    expect(scanTranscript(p, call('zh-CN', [['agent', '你说什么']]))).toHaveLength(1);
    expect(scanTranscript(p, call('zh-CN', [['agent', '你說什麼']]))).toHaveLength(1);
    const trad = pack('zh-CN', [rule({ match: { regex: '還錢' } })]);
    expect(scanTranscript(trad, call('zh-CN', [['agent', '快点还钱']]))).toHaveLength(1);
  });
});
