import type { Finding } from '../../domain/finding.ts';
import type { CallMeta, Segment, Transcript } from '../../domain/transcript.ts';
import type { CompiledModelRule, CompiledPack, CompiledPhraseRule, CompiledRequiredRule, CompiledRule } from '../compile-pack.ts';
import type { HistoryCall } from '../history.ts';
import { CallWindows } from './call-windows.ts';
import { evaluate, holds } from './evaluate-condition.ts';
import { findHits } from './find-hits.ts';
import { fillTemplates } from './placeholder-matching.ts';
import { appliesTo, speakerReads } from './rule-applies.ts';
import { callFinding, evaluateCallRule, evaluateModelRule, evaluatePhraseRule, requiredFinding } from './rule-findings.ts';
import { contextFor, type SegmentContext } from './segment-context.ts';


/**
 * The scanner: a pure, synchronous function of (compiled pack, transcript, history) → findings.
 * Per segment: normalise once, run the pack's automaton once (and the pinyin one when the pack has
 * sound-alike rules and the segment has Chinese), then evaluate only the rules a hit can trigger.
 * The hot loop allocates almost nothing: hits live in typed arrays indexed by phrase id, and
 * spans, offsets and quotes are only built for segments that produce a finding.
 */

export interface ScanOptions {
  /** Only these rule ids (examples runner); disabled rules in the set are scanned too. */
  onlyRules?: ReadonlySet<string>;
}

export function scanTranscript(
  pack: CompiledPack,
  transcript: Transcript,
  history: readonly HistoryCall[] = [],
  options: ScanOptions = {},
): Finding[] {
  const call = transcript.call;
  const segments = transcript.segments;
  const source = options.onlyRules ? pack.allRules.filter((r) => options.onlyRules!.has(r.id)) : pack.rules;
  const rules: CompiledRule[] = [];
  for (const r of source) if (appliesTo(r.rule, call)) rules.push(r);
  if (rules.length === 0) return [];
  const findings: Finding[] = [];
  let lastEnd = 0;
  for (const s of segments) if (s.endMs > lastEnd) lastEnd = s.endMs;
  const callEndMs = Math.max(call.durationMs ?? 0, lastEnd);

  const active = new Uint8Array(pack.allRules.length);
  const phraseRules: CompiledPhraseRule[] = [];
  const requiredRules: CompiledRequiredRule[] = [];
  const modelRules: CompiledModelRule[] = [];
  let useSound = false;
  for (const r of rules) {
    active[r.index] = 1;
    if (r.kind === 'phrase') phraseRules.push(r);
    else if (r.kind === 'required') requiredRules.push(r);
    else if (r.kind === 'model') modelRules.push(r);
    if ((r.kind === 'phrase' || r.kind === 'required') && r.rule.sound_alike) useSound = true;
    // A model rule asks its category's phrase rules, scanned or not, whether they flag a segment.
    if (r.kind === 'model' && r.coveredBy.some((c) => c.rule.sound_alike)) useSound = true;
  }
  useSound &&= pack.soundAlike !== undefined;

  if (phraseRules.length > 0 || requiredRules.length > 0 || modelRules.length > 0) {
    scanSegments(pack, call, segments, { phrase: phraseRules, required: requiredRules, model: modelRules }, active, useSound, callEndMs, findings);
  }

  for (const rule of rules) {
    if (rule.kind !== 'contact_time' && rule.kind !== 'contact_frequency' && rule.kind !== 'recording') continue;
    const matched = evaluateCallRule(rule, call, callEndMs, history);
    if (matched) findings.push(callFinding(rule, call, callEndMs, matched));
  }

  return findings.sort((a, b) => a.startMs - b.startMs || (a.segmentIndex ?? -1) - (b.segmentIndex ?? -1) || compare(a.ruleId, b.ruleId));
}

function scanSegments(
  pack: CompiledPack,
  call: CallMeta,
  segments: readonly Segment[],
  byKind: { phrase: readonly CompiledPhraseRule[]; required: readonly CompiledRequiredRule[]; model: readonly CompiledModelRule[] },
  active: Uint8Array,
  useSound: boolean,
  callEndMs: number,
  findings: Finding[],
): void {
  const { phrase: phraseRules, required: requiredRules, model: modelRules } = byKind;
  const templates = fillTemplates(pack, call);
  const unfillable = new Set(templates.filter((t) => t.unfillable).map((t) => t.id));
  const windows = new CallWindows(segments, pack.unknownSpeaker);
  const ctx = contextFor(pack);
  const onlyAfterMet = new Uint8Array(pack.allRules.length);
  const alwaysRules = phraseRules.filter((r) => r.evaluateAlways);
  const withOnlyAfter = phraseRules.filter((r) => r.onlyAfter);
  const mark = new Uint32Array(pack.allRules.length);
  const candidates: CompiledPhraseRule[] = [];
  const required = requiredRules.map((rule) => ({ rule, met: new Uint8Array(rule.require.length), readable: false, unknownOnly: true }));

  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    ctx.load(index, segment);
    if (ctx.text.length > 0) findHits(pack, ctx, useSound, templates);

    // Phrase rules that a hit of this segment can trigger (and those that read every segment).
    const stamp = index + 1;
    candidates.length = 0;
    const hits = ctx.hits;
    for (let k = 0; k < hits.count; k++) {
      const triggered = pack.phraseRules[hits.phrase[k]!]!;
      for (let j = 0; j < triggered.length; j++) {
        const ri = triggered[j]!;
        if (active[ri] && mark[ri] !== stamp) {
          mark[ri] = stamp;
          candidates.push(pack.allRules[ri] as CompiledPhraseRule);
        }
      }
    }
    if (ctx.hasSound) {
      for (let k = 0; k < ctx.sound.count; k++) {
        const triggered = pack.phraseRules[ctx.sound.phrase[k]!]!;
        for (const ri of triggered) {
          if (active[ri] && mark[ri] !== stamp) {
            mark[ri] = stamp;
            candidates.push(pack.allRules[ri] as CompiledPhraseRule);
          }
        }
      }
    }
    for (const r of alwaysRules) {
      if (mark[r.index] !== stamp) {
        mark[r.index] = stamp;
        candidates.push(r);
      }
    }
    if (candidates.length > 1) candidates.sort((a, b) => a.index - b.index);
    const segmentFindings = findings.length;
    for (const rule of candidates) {
      if (!speakerReads(rule.rule.speaker, segment.speaker, pack.unknownSpeaker)) continue;
      if (!windows.contains(rule.rule.window, index, callEndMs)) continue;
      if (rule.onlyAfter && !onlyAfterMet[rule.index]) continue;
      const finding = evaluatePhraseRule(pack, rule, ctx, call.id);
      if (finding) findings.push(finding);
    }
    for (const rule of withOnlyAfter) {
      if (onlyAfterMet[rule.index]) continue;
      if (hits.count + (ctx.hasSound ? ctx.sound.count : 0) === 0 && !rule.onlyAfter!.evaluateAlways) continue;
      if (!speakerReads(rule.onlyAfter!.speaker, segment.speaker, pack.unknownSpeaker)) continue;
      if (evaluate(pack, rule.onlyAfter!.match, ctx, rule.rule.sound_alike, undefined) !== null) onlyAfterMet[rule.index] = 1;
    }

    // Model rules score what the phrase rules left quiet: a segment a phrase rule of the same category
    // flagged gets no second finding, since the rule's matched words are the better evidence.
    for (const rule of modelRules) {
      if (ctx.text.length === 0) continue;
      if (!speakerReads(rule.rule.speaker, segment.speaker, pack.unknownSpeaker)) continue;
      if (!windows.contains(rule.rule.window, index, callEndMs)) continue;
      if (flaggedAs(findings, segmentFindings, rule.rule.category) || flaggedByInactive(pack, rule, ctx, call, active, index, callEndMs, windows)) continue;
      if (rule.onlyWhen && !holds(pack, rule.onlyWhen, ctx, false)) continue;
      const finding = evaluateModelRule(pack, rule, ctx, call.id);
      if (finding) findings.push(finding);
    }

    // Required rules: which elements this segment meets.
    for (const state of required) {
      const r = state.rule;
      if (!speakerReads(r.rule.speaker, segment.speaker, pack.unknownSpeaker)) continue;
      state.readable = true;
      if (segment.speaker !== 'unknown') state.unknownOnly = false;
      if (!windows.contains(r.rule.window, index, callEndMs)) continue;
      if (hits.count === 0 && !ctx.hasSound && !r.evaluateAlways) continue; // nothing to meet an element with
      for (let e = 0; e < r.require.length; e++) {
        if (state.met[e]) continue;
        if (evaluate(pack, r.require[e]!.match, ctx, r.rule.sound_alike, undefined) !== null) state.met[e] = 1;
      }
    }
  }

  for (const state of required) {
    const finding = requiredFinding(state, windows, call, callEndMs, unfillable, templates);
    if (finding) findings.push(finding);
  }
}

/**
 * Whether a phrase rule of the model rule's category that this scan leaves out (`onlyRules`) would flag
 * the segment: the model rule finds the same with or without them (a backtest scans a few rules again).
 * Rules with `only_after` are not asked: their state is only kept for the rules scanned.
 */
function flaggedByInactive(
  pack: CompiledPack,
  rule: CompiledModelRule,
  ctx: SegmentContext,
  call: CallMeta,
  active: Uint8Array,
  index: number,
  callEndMs: number,
  windows: CallWindows,
): boolean {
  for (const r of rule.coveredBy) {
    if (active[r.index] || r.onlyAfter || !appliesTo(r.rule, call)) continue;
    if (!speakerReads(r.rule.speaker, ctx.segment.speaker, pack.unknownSpeaker) || !windows.contains(r.rule.window, index, callEndMs)) continue;
    if (evaluatePhraseRule(pack, r, ctx, call.id)) return true;
  }
  return false;
}

function flaggedAs(findings: readonly Finding[], from: number, category: Finding['category']): boolean {
  for (let i = from; i < findings.length; i++) if (findings[i]!.category === category) return true;
  return false;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
