import { describe, expect, it } from 'vitest';
import { alignTokens, normalizeForWer, wordErrorRate } from '../../../src/asr/word-error-rate.ts';

describe('wordErrorRate', () => {
  it('is zero for the same words whatever the case and punctuation', () => {
    expect(wordErrorRate('Hello, World!', 'hello world').rate).toBe(0);
  });

  it('counts substitutions, deletions and insertions', () => {
    expect(wordErrorRate('one two three', 'one too three')).toMatchObject({ substitutions: 1, deletions: 0, insertions: 0 });
    expect(wordErrorRate('one two three', 'one three')).toMatchObject({ substitutions: 0, deletions: 1, insertions: 0 });
    expect(wordErrorRate('one three', 'one two three')).toMatchObject({ substitutions: 0, deletions: 0, insertions: 1 });
    const r = wordErrorRate('the cat sat on the mat', 'the bat sat on mat today');
    expect(r.substitutions + r.deletions + r.insertions).toBe(3);
    expect(r.rate).toBeCloseTo(3 / 6);
  });

  it('can exceed 1 when the hypothesis adds many words', () => {
    expect(wordErrorRate('ten of clubs', "i've been up close").rate).toBeCloseTo(4 / 3);
  });

  it('is 1 for an empty hypothesis and handles an empty reference', () => {
    expect(wordErrorRate('one two three', '').rate).toBe(1);
    expect(wordErrorRate('', '').rate).toBe(0);
    expect(wordErrorRate('', 'noise').rate).toBe(1);
  });

  it('scores Mandarin per character (CER), ignoring full-width punctuation', () => {
    expect(normalizeForWer('您好，请问是李先生吗？')).toEqual(['您', '好', '请', '问', '是', '李', '先', '生', '吗']);
    const r = wordErrorRate('您好请问是李先生吗', '您好请问是王先生');
    expect(r.substitutions).toBe(1);
    expect(r.deletions).toBe(1);
    expect(r.rate).toBeCloseTo(2 / 9);
  });

  it("keeps apostrophes inside words but not quotes around them", () => {
    expect(normalizeForWer("'don't' stop")).toEqual(["don't", 'stop']);
  });

  it('aligns tokens directly', () => {
    expect(alignTokens(['a', 'b'], ['a', 'b', 'c']).insertions).toBe(1);
  });
});
