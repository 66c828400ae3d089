import type { Language } from '../domain/transcript.ts';
import { loadRuleSet, runExamples, type CompiledPack, type Policy, type Problem } from '../rules/index.ts';

/** A draft rules directory that loads and whose examples pass: the only kind a backtest runs. */
export type DraftCheck =
  | { ok: true; packs: Map<Language, CompiledPack>; policy: Policy; examples: { passed: number } }
  | { ok: false; stage: 'lint' | 'examples'; problems: Problem[] };

/**
 * Loads a draft the way `callguard rules lint` and `callguard rules test` do, and refuses it with
 * their file:line:col lines if either would fail: a backtest of rules that do not do what their own
 * examples say would measure the wrong thing.
 */
export function checkDraft(dir: string, languages?: ReadonlySet<Language>): DraftCheck {
  const set = loadRuleSet(dir, languages ? { languages } : {});
  if (!set.ok) return { ok: false, stage: 'lint', problems: set.problems };
  if (set.packs.size === 0) {
    return { ok: false, stage: 'lint', problems: [{ file: dir, line: 1, col: 1, message: 'no rule pack here (expected zh-CN/ or en-US/ folders of *.yaml files, or one such folder)' }] };
  }
  const failures: Problem[] = [];
  let passed = 0;
  for (const pack of set.packs.values()) {
    const report = runExamples(pack);
    passed += report.passed;
    for (const r of report.results) if (!r.passed) failures.push({ ...r.position, message: r.message });
  }
  if (failures.length > 0) return { ok: false, stage: 'examples', problems: failures };
  return { ok: true, packs: set.packs, policy: set.policy, examples: { passed } };
}
