import { describe, expect, it } from 'vitest';
import { atWordBoundaries, normalise, normalisePhrase, originalRange, wordStartPrefix } from '../../../src/rules/normalise.ts';

describe('normalise', () => {
  it('turns traditional Chinese (incl. Taiwan and Hong Kong forms) into simplified', () => {
    expect(normalisePhrase('投訴')).toBe('投诉');
    expect(normalisePhrase('你這個騙子')).toBe('你这个骗子');
    expect(normalisePhrase('銀行委託')).toBe('银行委托');
    expect(normalisePhrase('臺灣')).toBe('台湾');
  });

  it('folds full-width letters, digits and punctuation to half-width and lower case', () => {
    expect(normalisePhrase('ＣＦＰＢ １２３７８')).toBe('cfpb 12378');
    expect(normalisePhrase('Debt COLLECTOR')).toBe('debt collector');
  });

  it('removes the spaces ASR puts between Chinese characters but keeps English word spaces', () => {
    expect(normalisePhrase('你 这 个  老 赖')).toBe('你这个老赖');
    expect(normalisePhrase('我们 会 上门')).toBe('我们会上门');
    expect(normalisePhrase('call  the   CFPB')).toBe('call the cfpb');
    expect(normalisePhrase('打 12378 投诉')).toBe('打 12378 投诉');
  });

  it('folds punctuation (full- and half-width) into spaces and drops apostrophes', () => {
    expect(normalisePhrase('老赖，真不要脸！')).toBe('老赖真不要脸');
    expect(normalisePhrase("don't, won’t; can't!")).toBe('dont wont cant');
    expect(normalisePhrase('debt-collector')).toBe('debt collector');
    expect(normalisePhrase('  …hello…  ')).toBe('hello');
  });

  it('maps every normalised character back to the exact original text', () => {
    const original = '你 這個 老賴，ＣＦＰＢ!';
    const n = normalise(original);
    expect(n.text).toBe('你这个老赖 cfpb');
    const i = n.text.indexOf('老赖');
    const [s, e] = originalRange(n, i, i + 2);
    expect(original.slice(s, e)).toBe('老賴');
    const j = n.text.indexOf('cfpb');
    const [s2, e2] = originalRange(n, j, j + 4);
    expect(original.slice(s2, e2)).toBe('ＣＦＰＢ');
  });

  it('remembers clause breaks where sentence punctuation stood', () => {
    const n = normalise('我们不会，上门');
    expect(n.text).toBe('我们不会上门');
    expect(n.clauseBreaks).toEqual([4]);
    expect(normalise('we will not, sue').clauseBreaks).toEqual([12]);
  });

  it('keeps astral characters whole in the offset map', () => {
    const original = 'a😀b 𠀋x';
    const n = normalise(original);
    expect(n.text.startsWith('a b')).toBe(true);
    const k = n.text.indexOf('x');
    expect(original.slice(...originalRange(n, k, k + 1))).toBe('x');
  });
});

describe('word boundaries', () => {
  it('refuses a phrase inside a longer word', () => {
    const t = normalisePhrase('you have to pass the class');
    const at = t.indexOf('ass');
    expect(atWordBoundaries(t, at, at + 3)).toBe(false);
    const s = normalisePhrase('we will pursue this');
    expect(atWordBoundaries(s, s.indexOf('sue'), s.indexOf('sue') + 3)).toBe(false);
    const ok = normalisePhrase('we will sue you');
    expect(atWordBoundaries(ok, ok.indexOf('sue'), ok.indexOf('sue') + 3)).toBe(true);
  });

  it('needs no boundary between Chinese characters, and digits next to Chinese are fine', () => {
    const t = normalisePhrase('打12378投诉');
    expect(atWordBoundaries(t, 1, 6)).toBe(true);
    expect(atWordBoundaries(t, 6, 8)).toBe(true);
    expect(atWordBoundaries('012378', 1, 6)).toBe(false);
  });

  it('counts words for English distances and characters as words for Chinese', () => {
    const t = 'we are not going to sue';
    const p = wordStartPrefix(t);
    expect(p[t.indexOf('sue')]! - p[t.indexOf('not') + 3]!).toBe(2);
    const z = wordStartPrefix('不会上门');
    expect(z[4]).toBe(4);
  });
});
