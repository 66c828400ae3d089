import { describe, expect, it } from 'vitest';
import { AhoCorasick } from '../../../src/rules/aho-corasick.ts';

function naive(patterns: string[], text: string): string[] {
  const out: string[] = [];
  patterns.forEach((p, k) => {
    for (let i = text.indexOf(p); i !== -1; i = text.indexOf(p, i + 1)) out.push(`${k}@${i}`);
  });
  return out.sort();
}

function run(patterns: string[], text: string, denseLimit?: number): string[] {
  const out: string[] = [];
  const wrong: string[] = [];
  new AhoCorasick(patterns, denseLimit === undefined ? {} : { denseLimit }).scan(text, (p, start, end) => {
    if (text.slice(start, end) !== patterns[p]) wrong.push(`${p}@${start}`);
    out.push(`${p}@${start}`);
  });
  expect(wrong).toEqual([]);
  return out.sort();
}

describe('AhoCorasick', () => {
  it('finds overlapping and nested patterns in one pass', () => {
    const patterns = ['he', 'she', 'his', 'hers', '不还', '不还钱', '还钱'];
    expect(run(patterns, 'ushers 你不还钱')).toEqual(naive(patterns, 'ushers 你不还钱'));
    expect(run(patterns, 'ushers 你不还钱')).toContain('3@2');
  });

  it('agrees with a naive search on random text', () => {
    const alphabet = 'ab还钱不';
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const word = (len: number) => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
    for (let round = 0; round < 20; round++) {
      const patterns = Array.from({ length: 30 }, () => word(1 + rand(4)));
      const text = word(300);
      expect(run(patterns, text)).toEqual(naive(patterns, text));
      // the layouts of larger automata must agree too: hashed only, and dense rows for the shallow states
      expect(run(patterns, text, 0)).toEqual(naive(patterns, text));
      expect(run(patterns, text, 200)).toEqual(naive(patterns, text));
    }
  });

  it('reports duplicate patterns under each index and ignores empty ones', () => {
    expect(run(['ab', 'ab', ''], 'xab')).toEqual(['0@1', '1@1']);
  });
});

describe('AhoCorasick.collectTranslated', () => {
  it('reads the text through a translation table, resolving unknown characters once', () => {
    const table = new Uint16Array(65536);
    const resolved: number[] = [];
    const resolve = (c: number) => {
      resolved.push(c);
      table[c] = c === 0x4e00 ? 97 : c; // 一 reads as "a"
      return table[c]!;
    };
    for (const denseLimit of [undefined, 0, 10]) {
      const ac = new AhoCorasick(['ab', 'b'], denseLimit === undefined ? {} : { denseLimit });
      const n = ac.collectTranslated('一b一b', table, resolve);
      const hits = Array.from({ length: n }, (_, k) => `${ac.hitPattern[k]}@${ac.hitEnd[k]}`).sort();
      expect(hits).toEqual(['0@2', '0@4', '1@2', '1@4']);
    }
    expect(resolved.filter((c) => c === 0x4e00)).toHaveLength(1);
  });
});
