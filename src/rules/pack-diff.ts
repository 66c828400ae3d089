/**
 * What changed between two versions of a rule pack, as a compliance officer reviews it before
 * publishing and a bank asks about it afterwards: a unified diff per file, and per rule whether
 * it was added, removed or changed (its version hash differs).
 */
export interface PackFile {
  path: string;
  content: string;
}

export interface FileDiff {
  path: string;
  status: 'added' | 'removed' | 'changed';
  /** `diff -u` style: ---/+++ header, @@ hunks with 3 lines of context. */
  unified: string;
}

export interface RuleChange {
  ruleId: string;
  change: 'added' | 'removed' | 'changed';
  /** The matching part changed too (rule-matching.ts); false = only the title, description, source or examples. */
  matchingChanged: boolean;
}

export interface PackDiff {
  files: FileDiff[];
  rules: RuleChange[];
}

/** A rule's two hashes, by rule id (ruleVersion and ruleMatchingVersion). */
export type RuleHashes = ReadonlyMap<string, { version: string; matching: string }>;

export function diffPacks(before: readonly PackFile[], after: readonly PackFile[], beforeRules: RuleHashes, afterRules: RuleHashes): PackDiff {
  const old = new Map(before.map((f) => [f.path, f.content]));
  const next = new Map(after.map((f) => [f.path, f.content]));
  const files: FileDiff[] = [];
  for (const p of [...new Set([...old.keys(), ...next.keys()])].sort()) {
    const a = old.get(p);
    const b = next.get(p);
    if (a === b) continue;
    files.push({ path: p, status: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed', unified: unifiedDiff(p, a ?? '', b ?? '', a === undefined, b === undefined) });
  }
  const rules: RuleChange[] = [];
  for (const id of [...new Set([...beforeRules.keys(), ...afterRules.keys()])].sort()) {
    const a = beforeRules.get(id);
    const b = afterRules.get(id);
    if (!a) rules.push({ ruleId: id, change: 'added', matchingChanged: true });
    else if (!b) rules.push({ ruleId: id, change: 'removed', matchingChanged: true });
    else if (a.version !== b.version) rules.push({ ruleId: id, change: 'changed', matchingChanged: a.matching !== b.matching });
  }
  return { files, rules };
}

const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; line: string; a: number; b: number };

/**
 * A line diff (longest common subsequence) rendered as a unified diff. Rule files are a few
 * hundred lines, so the quadratic table is small; a library for this would be heavier than it.
 */
export function unifiedDiff(path: string, before: string, after: string, added = false, removed = false): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = lineOps(a, b);
  const out = [`--- ${added ? '/dev/null' : `a/${path}`}`, `+++ ${removed ? '/dev/null' : `b/${path}`}`];
  const changed = ops.map((o, i) => (o.kind !== ' ' ? i : -1)).filter((i) => i >= 0);
  let i = 0;
  while (i < changed.length) {
    let start = Math.max(0, changed[i]! - CONTEXT);
    let end = Math.min(ops.length, changed[i]! + CONTEXT + 1);
    while (i + 1 < changed.length && changed[i + 1]! - CONTEXT <= end) {
      i++;
      end = Math.min(ops.length, changed[i]! + CONTEXT + 1);
    }
    i++;
    const hunk = ops.slice(start, end);
    const aStart = hunk.find((o) => o.kind !== '+')?.a ?? (start > 0 ? ops[start - 1]!.a : 0);
    const bStart = hunk.find((o) => o.kind !== '-')?.b ?? (start > 0 ? ops[start - 1]!.b : 0);
    const aLen = hunk.filter((o) => o.kind !== '+').length;
    const bLen = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${aLen === 0 ? aStart : aStart + 1},${aLen} +${bLen === 0 ? bStart : bStart + 1},${bLen} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.line}`);
    start = end;
  }
  return `${out.join('\n')}\n`;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Edit script from the LCS table; `a`/`b` are the 0-based line numbers in each file. */
function lineOps(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs = new Array<Uint32Array>(n + 1);
  for (let i = 0; i <= n; i++) lcs[i] = new Uint32Array(m + 1);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ kind: ' ', line: a[i]!, a: i++, b: j++ });
    // Removals before additions on a tie, as diff -u prints a replaced line.
    else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ kind: '-', line: a[i]!, a: i++, b: j });
    else ops.push({ kind: '+', line: b[j]!, a: i, b: j++ });
  }
  return ops;
}
