import { readFileSync } from 'node:fs';
import type { CompiledPack } from '../../src/rules/index.ts';
import { scanTranscript } from '../../src/rules/index.ts';
import { agentUtterance } from './eval-kit.ts';

/**
 * Our own Mandarin commentary set (fixtures/eval/zh-commentary-safe.tsv, see the README beside it):
 * non-offensive social-media comments written for callguard in rounds, to find where the abuse and
 * threat rules fire on ordinary Chinese. Each round was measured once before anything was tuned on
 * it (its first look, recorded in docs/benchmarks.md); the rounds listed in HELD_OUT have never been
 * tuned on and their rows are never printed.
 */
export const HELD_OUT_ROUNDS = new Set([4, 5, 7, 9]);

export interface CommentaryRow {
  id: string;
  round: number;
  kind: string;
  text: string;
}

export function readCommentarySet(file: string): CommentaryRow[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const header = lines.shift();
  if (header !== 'id\tround\tkind\ttext') throw new Error(`${file}: expected the header id, round, kind, text (tab-separated)`);
  return lines.map((line, i) => {
    const [id, round, kind, text, ...rest] = line.split('\t');
    const n = Number(round);
    if (!id || !Number.isInteger(n) || !kind || !text || rest.length > 0) {
      throw new Error(`${file}:${i + 2}: expected an id, a round number, a kind and the text`);
    }
    return { id, round: n, kind, text };
  });
}

/** Share of rows flagged by the measured rules, per round and per kind; misses only of tuned rounds. */
export function commentarySet(pack: CompiledPack, measured: Set<string>, file: string, label: string, showMisses: number): void {
  const rows = readCommentarySet(file);
  const outcomes = rows.map((row) => ({
    row,
    findings: scanTranscript(pack, agentUtterance('zh-CN', `commentary-${row.id}`, row.text), [], { onlyRules: measured }),
  }));
  console.log(`Own commentary set (${label}): ${rows.length} non-offensive comments, each one agent segment, abuse and threat findings`);
  const share = (xs: typeof outcomes) => {
    const flagged = xs.filter((o) => o.findings.length > 0).length;
    const pct = xs.length === 0 ? 'n/a' : `${((100 * flagged) / xs.length).toFixed(2)}%`;
    return `${String(flagged).padStart(3)} / ${String(xs.length).padEnd(4)} = ${pct.padStart(6)}`;
  };
  const kinds = [...new Set(rows.map((r) => r.kind))].sort();
  const rounds = [...new Set(rows.map((r) => r.round))].sort((a, b) => a - b);
  for (const round of rounds) {
    const inRound = outcomes.filter((o) => o.row.round === round);
    const state = HELD_OUT_ROUNDS.has(round) ? 'held out' : 'tuned on';
    const byKind = kinds
      .map((k) => [k, inRound.filter((o) => o.row.kind === k)] as const)
      .map(([k, xs]) => [k, xs.filter((o) => o.findings.length > 0).length, xs.length] as const)
      .filter(([, flagged]) => flagged > 0)
      .map(([k, flagged, n]) => `${k} ${flagged}/${n}`)
      .join(', ');
    console.log(`wrongly flagged, round ${round} (${state})`.padEnd(40) + ` ${share(inRound)}   ${byKind}`);
  }
  console.log(`wrongly flagged, all rounds`.padEnd(40) + ` ${share(outcomes)}`);
  if (showMisses > 0) {
    console.log(`\nwrongly flagged rows (tuned rounds, up to ${showMisses}):`);
    const shown = outcomes.filter((o) => !HELD_OUT_ROUNDS.has(o.row.round) && o.findings.length > 0).slice(0, showMisses);
    for (const o of shown) console.log(`  [${o.row.id} ${o.row.kind}] ${JSON.stringify(o.findings.map((f) => [f.ruleId, ...f.matched]))} ${o.row.text}`);
  }
}
