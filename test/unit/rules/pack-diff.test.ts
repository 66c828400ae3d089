import { describe, expect, it } from 'vitest';
import { diffPacks, unifiedDiff } from '../../../src/rules/pack-diff.ts';

describe('unifiedDiff', () => {
  it('writes hunks with three lines of context and 1-based line numbers, as diff -u does', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n') + '\n';
    expect(unifiedDiff('x.yaml', before, after)).toBe([
      '--- a/x.yaml', '+++ b/x.yaml',
      '@@ -2,9 +2,10 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h', ' i', ' j', '+k', '',
    ].join('\n'));
  });

  it('keeps distant changes in separate hunks', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const changed = lines.map((l, i) => (i === 1 || i === 18 ? `${l}!` : l));
    const diff = unifiedDiff('x.yaml', lines.join('\n'), changed.join('\n'));
    expect(diff.match(/^@@ .* @@$/gm)).toEqual(['@@ -1,5 +1,5 @@', '@@ -16,5 +16,5 @@']);
  });

  it('shows an added and a removed file against /dev/null', () => {
    expect(unifiedDiff('new.yaml', '', 'x\ny\n', true)).toBe('--- /dev/null\n+++ b/new.yaml\n@@ -0,0 +1,2 @@\n+x\n+y\n');
    expect(unifiedDiff('old.yaml', 'x\n', '', false, true)).toBe('--- a/old.yaml\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-x\n');
  });

  it('is empty past its header for identical text', () => {
    expect(unifiedDiff('same.yaml', 'a\nb\n', 'a\nb\n')).toBe('--- a/same.yaml\n+++ b/same.yaml\n');
  });
});

describe('diffPacks', () => {
  it('lists changed files and each rule added, removed or changed, with whether its matching changed', () => {
    const before = [{ path: 'a.yaml', content: 'x\n' }, { path: 'gone.yaml', content: 'g\n' }];
    const after = [{ path: 'a.yaml', content: 'y\n' }, { path: 'new.yaml', content: 'n\n' }];
    const d = diffPacks(
      before, after,
      new Map([['r.same', { version: '1', matching: 'm1' }], ['r.words', { version: '2', matching: 'm2' }], ['r.match', { version: '3', matching: 'm3' }], ['r.gone', { version: '4', matching: 'm4' }]]),
      new Map([['r.same', { version: '1', matching: 'm1' }], ['r.words', { version: '2b', matching: 'm2' }], ['r.match', { version: '3b', matching: 'm3b' }], ['r.new', { version: '5', matching: 'm5' }]]),
    );
    expect(d.files.map((f) => [f.path, f.status])).toEqual([['a.yaml', 'changed'], ['gone.yaml', 'removed'], ['new.yaml', 'added']]);
    expect(d.rules).toEqual([
      { ruleId: 'r.gone', change: 'removed', matchingChanged: true },
      { ruleId: 'r.match', change: 'changed', matchingChanged: true },
      { ruleId: 'r.new', change: 'added', matchingChanged: true },
      { ruleId: 'r.words', change: 'changed', matchingChanged: false },
    ]);
  });
});
