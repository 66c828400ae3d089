import type { CompiledPack } from './compile-pack.ts';
import type { LoadedPack } from './load-pack.ts';
import { ruleVersion } from './rule-version.ts';
import type { Cues, Lexicons, Rule } from './rule-schema.ts';

/**
 * A short hash of what decides whether and where a rule matches: its version hash (ruleVersion)
 * computed over the rule without the words that only describe it — title, description, source
 * (the regulation it cites) and examples. The cues, bank names and lexicons it uses count, as in
 * ruleVersion, and a model rule's model file (a retrained model scores differently). Two versions of a rule with the same matching hash raise the same findings on the
 * same transcript, so a reviewer's verdict on one holds for the other when the quote and span are
 * identical too (docs/rule-workflow.md, "Re-scan"). Severity and category stay in: a verdict was
 * given on a finding as serious as the rule then said.
 */
export function ruleMatchingVersion(rule: Rule, cues?: Cues, bankNames?: readonly string[][], lexicons?: Lexicons, modelDigest?: string): string {
  const { title: _title, description: _description, source: _source, ...matching } = rule;
  // ruleVersion drops the examples itself; the rest of what it hashes is left as it is.
  return ruleVersion(matching as Rule, cues, bankNames, lexicons, modelDigest);
}

/** Every rule of a compiled pack (disabled ones too) → its version and matching hashes. */
export function ruleHashesOf(pack: CompiledPack): Map<string, { version: string; matching: string }> {
  const { cues, bankNames, lexicons } = pack.loaded;
  return new Map(
    // A model rule's own model decides its findings' score and evidence: its digest counts. The second
    // opinion's models only cancel a phrase rule's matches: a finding that survives a retrain with the
    // same quote and span is the same words flagged by the same rule, and its verdict still holds.
    pack.allRules.map((r) => [r.id, { version: r.version, matching: ruleMatchingVersion(r.loaded.rule, cues, bankNames, lexicons, r.kind === 'model' ? r.modelDigest : undefined) }]),
  );
}

/**
 * Every rule of a loaded pack → its hashes over the rule files' text alone, without the model files
 * the compiled versions also cover. For comparing with a stored version that no longer compiles here
 * (its model rules pin models this deployment replaced): what an officer changed is still told apart
 * from what stayed, rule by rule. Both sides of such a comparison must be hashed this way.
 */
export function ruleTextHashesOf(pack: LoadedPack): Map<string, { version: string; matching: string }> {
  const { cues, bankNames, lexicons } = pack;
  return new Map(
    pack.rules.map((r) => [r.rule.id, { version: ruleVersion(r.rule, cues, bankNames, lexicons), matching: ruleMatchingVersion(r.rule, cues, bankNames, lexicons) }]),
  );
}
