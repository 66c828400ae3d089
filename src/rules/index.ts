/**
 * The rule engine: a pure library (no I/O beyond reading rule and transcript files).
 *
 *   const set = loadRuleSet('rules');              // every pack + policy.yaml, checked and compiled
 *   if (!set.ok) { set.problems.map(formatProblem) … }   // file:line:col: message, never half a pack
 *   const pack = set.packs.get(transcript.call.language);
 *   const window = historyWindow(pack, transcript.call.startedAt);      // undefined: no history needed
 *   const history = window ? await provider.callsWithBorrower(transcript.call.borrowerId, window.fromIso, window.toIso) : [];
 *   const findings = scanTranscript(pack, transcript, history);         // synchronous, pure
 *   const { score, openCase, reasons } = scoreFindings(findings, set.policy);
 *
 * docs/rule-language.md documents the rule language and this API.
 */
export { loadRuleSet, loadPolicy, packDirectories, DEFAULT_POLICY, POLICY_FILE, type RuleSetResult } from './load-rule-set.ts';
export { loadPack, modelFilesIn, PACK_MODELS_DIR, regexProblem, ruleFilesIn, type LoadedPack, type LoadedRule, type LoadResult } from './load-pack.ts';
export { compilePack, type CompiledPack, type CompiledRule, type CompileOptions } from './compile-pack.ts';
export { scanTranscript, type ScanOptions } from './scanner/scan-transcript.ts';
export { speakerReads, appliesTo } from './scanner/rule-applies.ts';
export { scoreFindings, type RiskScore } from './score.ts';
export {
  BatchHistoryProvider,
  historyCallOf,
  historyWindow,
  lookbackForPack,
  type HistoryCall,
  type HistoryProvider,
} from './history.ts';
export { runExamples, exampleTranscript, DEFAULT_EXAMPLE_CALLS, type ExampleResult, type ExamplesReport } from './examples.ts';
export { parseTranscriptFile, parseTranscriptJson, parseTranscriptData, type TranscriptParse } from './transcript-file.ts';
export { normalise, normalisePhrase, type NormalisedText } from './normalise.ts';
export { formatProblem, type Problem, type SourcePosition } from './source-position.ts';
export { ruleVersion } from './rule-version.ts';
export { PLACEHOLDERS } from './placeholders.ts';
export * from './rule-schema.ts';
export {
  BacktestTally,
  MANUAL_MISSED_RULE,
  type BacktestCall,
  type BacktestRuleInfo,
  type BacktestSample,
  type BacktestSummary,
  type BacktestTallyOptions,
  type Evidence,
  type MissedHit,
  type ReviewedHit,
  type RuleBacktest,
  type VersionSide,
} from './backtest/backtest-tally.ts';
export { sameHit, hasSameHit, type SpanFinding } from './backtest/span-match.ts';
export { estimate, type Estimate } from './backtest/estimate.ts';
export { ruleMatchingVersion, ruleHashesOf, ruleTextHashesOf } from './rule-matching.ts';
export { diffPacks, unifiedDiff, type PackDiff, type FileDiff, type RuleChange, type RuleHashes } from './pack-diff.ts';
export { lexiconsUsedBy } from './lexicons.ts';
