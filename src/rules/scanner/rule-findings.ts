import type { Finding } from '../../domain/finding.ts';
import type { CallMeta } from '../../domain/transcript.ts';
import { checkContactFrequency, checkContactTime, checkRecording } from '../call-rules.ts';
import type { CompiledCallRule, CompiledModelRule, CompiledPack, CompiledPhraseRule, CompiledRequiredRule, CompiledRule, PhraseRef } from '../compile-pack.ts';
import { scoreText, textScore } from '../text-model.ts';
import type { HistoryCall } from '../history.ts';
import { CallWindows } from './call-windows.ts';
import { evaluate } from './evaluate-condition.ts';
import type { FilledTemplate } from './placeholder-matching.ts';
import { SegmentContext } from './segment-context.ts';
import { aNotAQuestion, aimedAtNoOne, partOfAWord, turnedRound } from './unless-context.ts';

/** Findings as reviewers see them, built from what a rule matched (or, for required rules, missed). */

export function evaluatePhraseRule(pack: CompiledPack, rule: CompiledPhraseRule, ctx: SegmentContext, callId: string): Finding | undefined {
  const sound = rule.rule.sound_alike;
  const u = rule.unless;
  const cancelling = u && (u.negated || u.quoted || u.before || u.after || u.partOf) ? u : undefined;
  const spans = evaluate(pack, rule.match, ctx, sound, cancelling);
  if (!spans) return undefined;
  if (u?.segment && evaluate(pack, u.segment, ctx, sound, undefined) !== null) return undefined;
  if (u?.unaimed && pack.cues?.unaimed && aimedAtNoOne(pack.cues.unaimed, ctx)) return undefined;
  const labels: string[] = [];
  const highlights: Array<[number, number]> = [];
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  for (const s of spans) {
    if (!labels.includes(s.label)) labels.push(s.label);
    const range = ctx.originalRange(s.start, s.end);
    if (!highlights.some(([a, b]) => a === range[0] && b === range[1])) highlights.push(range);
  }
  return segmentFinding(rule, ctx, callId, labels, highlights);
}

/** A finding about the context's segment: its quote and timing, the rule's identity, what matched where. */
function segmentFinding(
  rule: CompiledPhraseRule | CompiledModelRule,
  ctx: SegmentContext,
  callId: string,
  matched: string[],
  highlights: Array<[number, number]>,
): Finding {
  highlights.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const segment = ctx.segment;
  return {
    callId,
    ruleId: rule.id,
    ruleVersion: rule.version,
    title: rule.title,
    category: rule.rule.category,
    severity: rule.rule.severity,
    speaker: segment.speaker,
    startMs: segment.startMs,
    endMs: segment.endMs,
    quote: segment.text,
    matched,
    source: rule.rule.source,
    segmentIndex: ctx.index,
    highlights,
  };
}

/**
 * A model rule's finding when the segment's score reaches the rule's threshold. Its evidence is the
 * score (first, as "<label> 0.97") and the n-grams that pushed it up most, highlighted where they stand.
 */
export function evaluateModelRule(pack: CompiledPack, rule: CompiledModelRule, ctx: SegmentContext, callId: string): Finding | undefined {
  // Most segments score low: the evidence (strings, sorting) is only worked out for a finding.
  if (textScore(rule.model, ctx.text) < rule.rule.threshold) return undefined;
  if (rule.rule.unless?.negated) {
    // A score that rests on denied words ("他不是窝囊废") is not the speaker's insult.
    const affirmed = withoutDeniedWords(pack, rule.negationPartOf ?? [], ctx);
    if (affirmed !== ctx.text && textScore(rule.model, affirmed) < rule.rule.threshold) return undefined;
  }
  const { score, evidence } = scoreText(rule.model, ctx.text);
  const highlights: Array<[number, number]> = [];
  for (const gram of evidence) {
    const at = ctx.text.indexOf(gram);
    if (at !== -1) highlights.push(ctx.originalRange(at, at + gram.length));
  }
  return segmentFinding(rule, ctx, callId, [`${rule.model.label} ${(Math.floor(score * 100) / 100).toFixed(2)}`, ...evidence], highlights);
}

/**
 * A required rule's finding: the elements no in-window segment of the speaker met. An element
 * whose every phrase is a placeholder the call's metadata lacks cannot be checked; it is reported
 * missing with the reason, so an unknown never passes for compliant. No finding for a call where
 * the speaker never spoke (unanswered, empty transcript) or that was not connected.
 */
export function requiredFinding(
  state: { rule: CompiledRequiredRule; met: Uint8Array; readable: boolean; unknownOnly: boolean },
  windows: CallWindows,
  call: CallMeta,
  callEndMs: number,
  unfillable: ReadonlySet<number>,
  templates: readonly FilledTemplate[],
): Finding | undefined {
  const rule = state.rule;
  if (call.connected === false || !state.readable) return undefined;
  const missing: string[] = [];
  rule.require.forEach((el, e) => {
    if (state.met[e]) return;
    const refs = el.match.any ?? [];
    if (refs.length > 0 && refs.every((r) => unfillable.has(r.id))) {
      const names = new Set(refs.flatMap((r) => templates.find((t) => t.id === r.id)?.missing ?? []));
      missing.push(`${el.name} (${[...names].map((n) => `{${n}}`).join(', ')} unknown)`);
    } else missing.push(el.name);
  });
  if (missing.length === 0) return undefined;
  const span = windows.span(rule.rule.window, callEndMs);
  const speaker = rule.rule.speaker;
  return {
    callId: call.id,
    ruleId: rule.id,
    ruleVersion: rule.version,
    title: rule.title,
    category: rule.rule.category,
    severity: rule.rule.severity,
    speaker: speaker === 'any' ? 'call' : state.unknownOnly ? 'unknown' : speaker,
    startMs: span.startMs,
    endMs: span.endMs,
    quote: '',
    matched: missing,
    source: rule.rule.source,
  };
}

export function evaluateCallRule(rule: CompiledCallRule, call: CallMeta, callEndMs: number, history: readonly HistoryCall[]): string[] | undefined {
  const r = rule.rule;
  switch (r.kind) {
    case 'contact_time':
      return checkContactTime(r, call);
    case 'contact_frequency':
      return checkContactFrequency(r, call, callEndMs > 0 ? callEndMs : undefined, history);
    case 'recording':
      return checkRecording(r, call);
  }
}

export function callFinding(rule: CompiledRule, call: CallMeta, callEndMs: number, matched: string[]): Finding {
  return {
    callId: call.id,
    ruleId: rule.id,
    ruleVersion: rule.version,
    title: rule.title,
    category: rule.rule.category,
    severity: rule.rule.severity,
    speaker: 'call',
    startMs: 0,
    endMs: callEndMs,
    quote: '',
    matched,
    source: rule.rule.source,
  };
}

/** How many characters after a negation cue it denies, for a model rule (a short noun or verb phrase). */
const DENIED_REACH = 6;

/**
 * The segment's normalised text without what its negation cues deny: each cue and at most
 * DENIED_REACH characters after it, within its clause. Negation in the frames' sense
 * (unless.negated): the pack's cues, not an A-not-A question.
 */
function withoutDeniedWords(pack: CompiledPack, partOf: readonly PhraseRef[], ctx: SegmentContext): string {
  const cues = pack.cues;
  if (!cues || cues.negation.length === 0) return ctx.text;
  const cut: Array<[number, number]> = [];
  for (const ref of cues.negation) {
    for (let k = ctx.hits.first(ref.id); k !== -1; k = ctx.hits.next[k]!) {
      const from = ctx.hits.start[k]!;
      if (aNotAQuestion(ctx.text, from) || turnedRound(cues.negationAsked, from, ctx.hits.end[k]!, ctx) || partOfAWord(partOf, from, ctx.hits.end[k]!, ctx)) continue;
      // What a cue denies is short: the words right after it, in its clause ("不是窝囊废", "不认为你是个蠢货").
      // Recogniser output often has no clause marks, so the clause alone would deny the rest of the turn.
      let to = Math.min(ctx.text.length, ctx.hits.end[k]! + DENIED_REACH);
      for (const b of ctx.clauseBreaks) if (b > from && b < to) to = b;
      cut.push([from, to]);
    }
  }
  if (cut.length === 0) return ctx.text;
  cut.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [from, to] of cut) {
    if (to <= at) continue;
    out += ctx.text.slice(at, Math.max(at, from));
    at = Math.max(at, to);
  }
  return out + ctx.text.slice(at);
}
