import type { Finding } from '../../domain/finding.ts';
import type { CallMeta, Segment, Speaker, Transcript } from '../../domain/transcript.ts';
import { checkContactFrequency, checkContactTime, checkRecording } from '../call-rules.ts';
import type {
  CompiledCallRule,
  CompiledCondition,
  CompiledMention,
  CompiledPack,
  CompiledPhraseRule,
  CompiledRequiredRule,
  CompiledRule,
  CompiledUnless,
  PhraseRef,
  TemplatePhrase,
} from '../compile-pack.ts';
import { MENTION_ACT, MENTION_INTRODUCER, MENTION_JUDGEMENT, type PhraseList } from '../compile-pack.ts';
import type { HistoryCall } from '../history.ts';
import { atWordBoundaries, normalise, normalisePhrase, normaliseText, originalRange, wordStartPrefix, type NormalisedText } from '../normalise.ts';
import { charKeys, containsHan, keyOf } from '../pinyin-key.ts';
import { placeholderValue, type PlaceholderName } from '../placeholders.ts';
import type { Rule } from '../rule-schema.ts';

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

interface Span {
  start: number;
  end: number;
  label: string;
}

const ZH_GAP_MAX = 12;
const EN_GAP_MAX_WORDS = 4;

/** A template phrase filled for one call: text pieces, and gaps where the metadata lacks a value. */
interface FilledTemplate {
  id: number;
  pieces: Array<string | null>;
  /** Every piece is a gap: nothing to look for. */
  unfillable: boolean;
  missing: PlaceholderName[];
}

/**
 * Hits of the current segment, as linked lists per phrase id in typed arrays. `reset` is O(1):
 * a head is valid only when its stamp is the current one.
 */
class HitIndex {
  private head: Int32Array;
  private stamp: Uint32Array;
  private current = 1;
  next = new Int32Array(64);
  start = new Int32Array(64);
  end = new Int32Array(64);
  phrase = new Int32Array(64);
  count = 0;

  constructor(phraseCount: number) {
    this.head = new Int32Array(Math.max(1, phraseCount));
    this.stamp = new Uint32Array(Math.max(1, phraseCount));
  }

  reset(): void {
    this.current++;
    this.count = 0;
  }

  first(id: number): number {
    return this.stamp[id] === this.current ? this.head[id]! : -1;
  }

  add(id: number, start: number, end: number): void {
    if (this.count === this.next.length) this.grow();
    const k = this.count++;
    this.start[k] = start;
    this.end[k] = end;
    this.phrase[k] = id;
    this.next[k] = this.first(id);
    this.head[id] = k;
    this.stamp[id] = this.current;
  }

  private grow(): void {
    const n = this.next.length * 2;
    const copy = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.next = copy(this.next);
    this.start = copy(this.start);
    this.end = copy(this.end);
    this.phrase = copy(this.phrase);
  }
}

/** The segment being scanned; one object reused for every segment of a call. */
class SegmentContext {
  index = 0;
  segment!: Segment;
  text = '';
  clauseBreaks: readonly number[] = [];
  sentenceBreaks: readonly number[] = [];
  private full: NormalisedText | undefined;
  private prefix: Int32Array | undefined;
  /** Reused buffer for `prefix` (valid for the current segment only). */
  private prefixBuffer = new Int32Array(256);
  private quotes: Array<[number, number]> | undefined;
  readonly hits: HitIndex;
  readonly sound: HitIndex;
  hasSound = false;

  constructor(
    phraseCount: number,
    private readonly units: 'chars' | 'words',
  ) {
    this.hits = new HitIndex(phraseCount);
    this.sound = new HitIndex(phraseCount);
  }

  load(index: number, segment: Segment): void {
    this.index = index;
    this.segment = segment;
    const n = normaliseText(segment.text);
    this.full = undefined;
    this.text = n.text;
    this.clauseBreaks = n.clauseBreaks;
    this.sentenceBreaks = n.sentenceBreaks;
    this.prefix = undefined;
    this.quotes = undefined;
    this.hits.reset();
    this.sound.reset();
    this.hasSound = false;
  }

  /** Original [start, end) of a normalised range; the offset map is built for the few segments that need one. */
  originalRange(start: number, end: number): [number, number] {
    this.full ??= normalise(this.segment.text);
    return originalRange(this.full, start, end);
  }

  /** Distance from `from` to `to` in the pack's unit: characters, or words starting in between. */
  gap(from: number, to: number): number {
    if (to <= from) return 0;
    if (this.units === 'chars') return to - from;
    if (!this.prefix) {
      if (this.prefixBuffer.length <= this.text.length) this.prefixBuffer = new Int32Array(this.text.length * 2 + 1);
      this.prefix = wordStartPrefix(this.text, this.prefixBuffer);
    }
    return this.prefix[to]! - this.prefix[from]!;
  }

  /** Regions of the original text inside quotation marks ("…", “…”, 「…」, 『…』, «…»). */
  quoteRegions(): Array<[number, number]> {
    if (this.quotes) return this.quotes;
    const regions: Array<[number, number]> = [];
    const text = this.segment.text;
    if (!QUOTE_MARK.test(text)) {
      this.quotes = regions;
      return regions;
    }
    for (let i = 0; i < text.length; i++) {
      const close = QUOTE_CLOSERS.get(text[i]!);
      if (close === undefined) continue;
      const j = text.indexOf(close, i + 1);
      if (j === -1) break;
      regions.push([i, j]);
      i = j;
    }
    this.quotes = regions;
    return regions;
  }
}

const QUOTE_CLOSERS = new Map([
  ['\u201c', '\u201d'],
  ['\u300c', '\u300d'],
  ['\u300e', '\u300f'],
  ['\u00ab', '\u00bb'],
  ['"', '"'],
  ['\uff02', '\uff02'],
]);
const QUOTE_MARK = /["\u201c\u300c\u300e\u00ab\uff02]/;

/**
 * One segment context per pack, reused by every scan: its hit buffers are sized by the pack's
 * phrase count, and allocating them per call would cost more than scanning a short call.
 * scanTranscript is synchronous, so two scans never share one at the same time.
 */
const contexts = new WeakMap<CompiledPack, SegmentContext>();
function contextFor(pack: CompiledPack): SegmentContext {
  let ctx = contexts.get(pack);
  if (!ctx) {
    ctx = new SegmentContext(pack.phraseCount, pack.units);
    contexts.set(pack, ctx);
  }
  return ctx;
}

function between(breaks: readonly number[], from: number, to: number): boolean {
  for (let k = 0; k < breaks.length; k++) {
    const b = breaks[k]!;
    if (b >= from && b <= to) return true;
  }
  return false;
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
  let useSound = false;
  for (const r of rules) {
    active[r.index] = 1;
    if (r.kind === 'phrase') phraseRules.push(r);
    else if (r.kind === 'required') requiredRules.push(r);
    if ((r.kind === 'phrase' || r.kind === 'required') && r.rule.sound_alike) useSound = true;
  }
  useSound &&= pack.soundAlike !== undefined;

  if (phraseRules.length > 0 || requiredRules.length > 0) {
    scanSegments(pack, call, segments, phraseRules, requiredRules, active, useSound, callEndMs, findings);
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
  phraseRules: readonly CompiledPhraseRule[],
  requiredRules: readonly CompiledRequiredRule[],
  active: Uint8Array,
  useSound: boolean,
  callEndMs: number,
  findings: Finding[],
): void {
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** agent/customer rules read their speaker's segments, and unknown ones when the policy says match. */
export function speakerReads(ruleSpeaker: 'agent' | 'customer' | 'any', segmentSpeaker: Speaker, unknown: 'match' | 'skip'): boolean {
  if (ruleSpeaker === 'any' || ruleSpeaker === segmentSpeaker) return true;
  return segmentSpeaker === 'unknown' && unknown === 'match';
}

function findHits(pack: CompiledPack, ctx: SegmentContext, useSound: boolean, templates: readonly FilledTemplate[]): void {
  const text = ctx.text;
  const ac = pack.automaton;
  const n = ac.collect(text);
  for (let k = 0; k < n; k++) {
    const pattern = ac.hitPattern[k]!;
    const end = ac.hitEnd[k]!;
    const start = end - ac.patternLength(pattern);
    const id = pack.patternPhrase[pattern]!;
    if (pack.noBoundary[id] || atWordBoundaries(text, start, end)) ctx.hits.add(id, start, end);
  }
  if (useSound && pack.soundAlike && containsHan(text)) {
    const sa = pack.soundAlike.automaton;
    const m = sa.collectTranslated(text, charKeys, keyOf);
    for (let k = 0; k < m; k++) {
      const pattern = sa.hitPattern[k]!;
      const end = sa.hitEnd[k]!;
      const start = end - sa.patternLength(pattern);
      if (atWordBoundaries(text, start, end)) {
        ctx.sound.add(pack.soundAlike.patternPhrase[pattern]!, start, end);
        ctx.hasSound = true;
      }
    }
  }
  for (const t of templates) if (!t.unfillable) matchTemplate(t, ctx, pack.units);
}

/**
 * Placeholders filled from this call: known values become text, missing ones gaps. A phrase with
 * `{bank}` is filled once for each name of the call's bank in the pack's bank_names (same phrase
 * id: any of them matches).
 */
function fillTemplates(pack: CompiledPack, call: CallMeta): FilledTemplate[] {
  const bankNames = call.bank ? pack.bankNames.get(normalisePhrase(call.bank)) : undefined;
  return pack.templates.flatMap((t) => {
    if (!bankNames || !t.parts.some((part) => 'placeholder' in part && part.placeholder === 'bank')) return [fillTemplate(t, call)];
    return bankNames.map((bank) => fillTemplate(t, { ...call, bank }));
  });
}

function fillTemplate(t: TemplatePhrase, call: CallMeta): FilledTemplate {
  const pieces: Array<string | null> = [];
  const missing: PlaceholderName[] = [];
  let text = '';
  for (const part of t.parts) {
    if ('literal' in part) text += part.literal;
    else {
      const value = placeholderValue(call, part.placeholder);
      if (value !== undefined) text += value;
      else {
        if (text) pieces.push(text);
        text = '';
        pieces.push(null);
        missing.push(part.placeholder);
      }
    }
  }
  if (text) pieces.push(text);
  const normalised = pieces.map((p) => (p === null ? null : normalisePhrase(p))).filter((p) => p !== '');
  return { id: t.id, pieces: normalised, unfillable: normalised.every((p) => p === null), missing };
}

function gapFits(ctx: SegmentContext, units: 'chars' | 'words', from: number, to: number): boolean {
  const n = ctx.gap(from, to);
  return units === 'chars' ? n >= 1 && n <= ZH_GAP_MAX : n >= 1 && n <= EN_GAP_MAX_WORDS;
}

/** Matches pieces[k..] at `pos`; returns the end of the match or -1. */
function matchPieces(pieces: ReadonlyArray<string | null>, k: number, pos: number, ctx: SegmentContext, units: 'chars' | 'words'): number {
  const text = ctx.text;
  if (k === pieces.length) return pos;
  const piece = pieces[k];
  if (piece === null) {
    if (k === pieces.length - 1) return ctx.gap(pos, text.length) >= 1 ? text.length : -1;
    const next = pieces[k + 1] as string;
    const maxChars = units === 'chars' ? ZH_GAP_MAX + 1 : 200;
    for (let q = text.indexOf(next, pos + 1); q !== -1 && q - pos <= maxChars; q = text.indexOf(next, q + 1)) {
      if (!gapFits(ctx, units, pos, q)) continue;
      const end = matchPieces(pieces, k + 2, q + next.length, ctx, units);
      if (end !== -1) return end;
    }
    return -1;
  }
  return text.startsWith(piece!, pos) ? matchPieces(pieces, k + 1, pos + piece!.length, ctx, units) : -1;
}

function matchTemplate(t: FilledTemplate, ctx: SegmentContext, units: 'chars' | 'words'): void {
  const text = ctx.text;
  const first = t.pieces[0];
  if (first === undefined) return;
  if (first === null) {
    // A leading gap: some text must stand before the next piece.
    const next = t.pieces[1] as string;
    for (let q = text.indexOf(next, 1); q !== -1; q = text.indexOf(next, q + 1)) {
      if (ctx.gap(0, q) < 1) continue;
      const end = matchPieces(t.pieces, 2, q + next.length, ctx, units);
      if (end !== -1 && atWordBoundaries(text, q, end)) {
        ctx.hits.add(t.id, q, end);
        return;
      }
    }
    return;
  }
  for (let p = text.indexOf(first); p !== -1; p = text.indexOf(first, p + 1)) {
    const end = matchPieces(t.pieces, 1, p + first.length, ctx, units);
    if (end !== -1 && atWordBoundaries(text, p, end)) ctx.hits.add(t.id, p, end);
  }
}

/** Hits of a phrase that survive `unless` (exact ones, plus sound-alike ones for such rules). */
function keptSpans(
  pack: CompiledPack,
  ref: PhraseRef,
  ctx: SegmentContext,
  soundAlike: boolean,
  unless: CompiledUnless | undefined,
  out: Span[],
): void {
  const hits = ctx.hits;
  for (let k = hits.first(ref.id); k !== -1; k = hits.next[k]!) {
    const s = hits.start[k]!;
    const e = hits.end[k]!;
    if (!unless || !cancelled(pack, unless, s, e, ctx)) out.push({ start: s, end: e, label: ref.text });
  }
  if (soundAlike && ctx.hasSound) {
    const sound = ctx.sound;
    for (let k = sound.first(ref.id); k !== -1; k = sound.next[k]!) {
      const s = sound.start[k]!;
      const e = sound.end[k]!;
      let dup = false;
      for (let x = hits.first(ref.id); x !== -1; x = hits.next[x]!) if (hits.start[x] === s && hits.end[x] === e) dup = true;
      if (!dup && (!unless || !cancelled(pack, unless, s, e, ctx))) out.push({ start: s, end: e, label: ref.text });
    }
  }
}

/** Hits of a (possibly lexicon-sized) phrase list that survive `unless`, from the segment's hits when fewer. */
function listSpans(
  pack: CompiledPack,
  list: PhraseList,
  ctx: SegmentContext,
  soundAlike: boolean,
  unless: CompiledUnless | undefined,
  out: Span[],
): void {
  const viaHits = ctx.hits.count + (ctx.hasSound ? ctx.sound.count : 0) < list.refs.length;
  const refs = viaHits ? hitRefs(list.byId, ctx, soundAlike) : list.refs;
  for (const ref of refs) keptSpans(pack, ref, ctx, soundAlike, unless, out);
}

/**
 * Frames of a `sequence` in this segment: for each hit of the last step, the tightest chain of
 * hits, one per step in order, each starting at most `within` after the previous one ends and in
 * the same sentence. The span covers the whole frame. `unless` is judged on the frame: a negation
 * cue before any of its steps cancels it ("我们不会派人去你家", "we are not going to sue you"), the
 * other cues on the frame as a whole.
 */
function frameSpans(
  pack: CompiledPack,
  steps: NonNullable<CompiledCondition['sequence']>,
  ctx: SegmentContext,
  soundAlike: boolean,
  unless: CompiledUnless | undefined,
): Span[] {
  // Per step: the hits that end a chain, and for each the index of its chain's hit in the step before.
  const chains: Array<{ hits: Span[]; back: number[] }> = [];
  for (let k = 0; k < steps.length; k++) {
    const found: Span[] = [];
    listSpans(pack, steps[k]!, ctx, soundAlike, undefined, found);
    const hits: Span[] = [];
    const back: number[] = [];
    const previous = chains[k - 1];
    for (const h of found) {
      if (!previous) {
        hits.push(h);
        back.push(-1);
        continue;
      }
      let best = -1;
      for (let j = 0; j < previous.hits.length; j++) {
        const p = previous.hits[j]!;
        if (p.end > h.start) continue;
        if (ctx.gap(p.end, h.start) > steps[k]!.within) continue;
        if (between(ctx.sentenceBreaks, p.end, h.start)) continue;
        if (best === -1 || chainStart(chains, k - 1, j) > chainStart(chains, k - 1, best)) best = j;
      }
      if (best !== -1) {
        hits.push(h);
        back.push(best);
      }
    }
    if (hits.length === 0) return [];
    chains.push({ hits, back });
  }
  const frames: Span[] = [];
  const seen = new Set<string>();
  const last = chains.length - 1;
  chains[last]!.hits.forEach((end, j) => {
    const start = chainStart(chains, last, j);
    const key = `${start}:${end.end}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (unless) {
      if (cancelled(pack, unless, start, end.end, ctx)) return;
      if (unless.negated) {
        for (let k = last, i = j; k > 0; i = chains[k]!.back[i]!, k--) {
          if (negatedAt(pack, chains[k]!.hits[i]!.start, ctx)) return;
        }
      }
    }
    const [os, oe] = ctx.originalRange(start, end.end);
    frames.push({ start, end: end.end, label: ctx.segment.text.slice(os, oe) });
  });
  return frames;
}

/** Where the chain ending in hit `j` of step `k` starts (its first step's hit). */
function chainStart(chains: ReadonlyArray<{ hits: Span[]; back: number[] }>, k: number, j: number): number {
  let i = j;
  for (let step = k; step > 0; step--) i = chains[step]!.back[i]!;
  return chains[0]!.hits[i]!.start;
}

function anyHitIn(byId: Map<number, PhraseRef[]>, ctx: SegmentContext, soundAlike: boolean): boolean {
  const hits = ctx.hits;
  for (let k = 0; k < hits.count; k++) if (byId.has(hits.phrase[k]!)) return true;
  if (soundAlike && ctx.hasSound) for (let k = 0; k < ctx.sound.count; k++) if (byId.has(ctx.sound.phrase[k]!)) return true;
  return false;
}

/** The refs of `byId` that hit in this segment, each once, in the order of the hits. */
function hitRefs(byId: Map<number, PhraseRef[]>, ctx: SegmentContext, soundAlike: boolean): PhraseRef[] {
  const ids = new Set<number>();
  const hits = ctx.hits;
  for (let k = 0; k < hits.count; k++) if (byId.has(hits.phrase[k]!)) ids.add(hits.phrase[k]!);
  if (soundAlike && ctx.hasSound) for (let k = 0; k < ctx.sound.count; k++) if (byId.has(ctx.sound.phrase[k]!)) ids.add(ctx.sound.phrase[k]!);
  const out: PhraseRef[] = [];
  for (const id of ids) for (const ref of byId.get(id)!) out.push(ref);
  return out;
}

function hasHit(ref: PhraseRef, ctx: SegmentContext, soundAlike: boolean): boolean {
  return ctx.hits.first(ref.id) !== -1 || (soundAlike && ctx.hasSound && ctx.sound.first(ref.id) !== -1);
}

/**
 * Spans that make the condition true (after `unless` drops cancelled matches), or null when it is
 * false. Cheap when nothing hit: every phrase check is one typed-array read.
 */
function evaluate(
  pack: CompiledPack,
  c: CompiledCondition,
  ctx: SegmentContext,
  soundAlike: boolean,
  unless: CompiledUnless | undefined,
): Span[] | null {
  // A long `any` list is checked from the segment's (few) hits rather than phrase by phrase.
  const viaHits = c.any !== undefined && c.anyById !== undefined && ctx.hits.count + (ctx.hasSound ? ctx.sound.count : 0) < c.any.length;
  if (c.any) {
    let any = false;
    if (viaHits) any = anyHitIn(c.anyById!, ctx, soundAlike);
    else for (const ref of c.any) if (hasHit(ref, ctx, soundAlike)) any = true;
    if (!any) return null;
  }
  if (c.all) for (const ref of c.all) if (!hasHit(ref, ctx, soundAlike)) return null;
  if (c.none) for (const ref of c.none) if (hasHit(ref, ctx, soundAlike)) return null;
  if (c.regex?.trigger && ctx.hits.first(c.regex.trigger.id) === -1) return null;

  const spans: Span[] = [];
  if (c.any) {
    const before = spans.length;
    if (viaHits) {
      for (const ref of hitRefs(c.anyById!, ctx, soundAlike)) keptSpans(pack, ref, ctx, soundAlike, unless, spans);
    } else for (const ref of c.any) keptSpans(pack, ref, ctx, soundAlike, unless, spans);
    if (spans.length === before) return null;
  }
  if (c.all) {
    for (const ref of c.all) {
      const before = spans.length;
      keptSpans(pack, ref, ctx, soundAlike, unless, spans);
      if (spans.length === before) return null;
    }
  }
  if (c.near) {
    const { a, b, within, ordered } = c.near;
    const as: Span[] = [];
    listSpans(pack, a, ctx, soundAlike, unless, as);
    if (as.length === 0) return null;
    const bs: Span[] = [];
    listSpans(pack, b, ctx, soundAlike, unless, bs);
    const before = spans.length;
    for (const x of as) {
      for (const y of bs) {
        if (x.start === y.start && x.end === y.end) continue;
        if (ordered && !(x.start < y.start)) continue;
        const first = x.start <= y.start ? x : y;
        const second = first === x ? y : x;
        if (ctx.gap(first.end, second.start) <= within) spans.push(x, y);
      }
    }
    if (spans.length === before) return null;
  }
  if (c.sequence) {
    const frames = frameSpans(pack, c.sequence, ctx, soundAlike, unless);
    if (frames.length === 0) return null;
    for (const f of frames) spans.push(f);
  }
  if (c.regex) {
    const m = c.regex.re.matcher(ctx.text);
    const before = spans.length;
    while (m.find()) {
      const s = m.start();
      const e = m.end();
      if (e === s) continue;
      if (unless && cancelled(pack, unless, s, e, ctx)) continue;
      const [os, oe] = ctx.originalRange(s, e);
      spans.push({ start: s, end: e, label: ctx.segment.text.slice(os, oe) });
    }
    if (spans.length === before) return null;
  }
  if (c.either) {
    const before = spans.length;
    for (const sub of c.either) {
      const s = evaluate(pack, sub, ctx, soundAlike, unless);
      if (s) for (const x of s) spans.push(x);
    }
    if (spans.length === before) return null;
  }
  return spans;
}

function evaluatePhraseRule(pack: CompiledPack, rule: CompiledPhraseRule, ctx: SegmentContext, callId: string): Finding | undefined {
  const sound = rule.rule.sound_alike;
  const u = rule.unless;
  const cancelling = u && (u.negated || u.quoted || u.before || u.after) ? u : undefined;
  const spans = evaluate(pack, rule.match, ctx, sound, cancelling);
  if (!spans) return undefined;
  if (u?.segment && evaluate(pack, u.segment, ctx, sound, undefined) !== null) return undefined;
  const labels: string[] = [];
  const highlights: Array<[number, number]> = [];
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  for (const s of spans) {
    if (!labels.includes(s.label)) labels.push(s.label);
    const range = ctx.originalRange(s.start, s.end);
    if (!highlights.some(([a, b]) => a === range[0] && b === range[1])) highlights.push(range);
  }
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
    matched: labels,
    source: rule.rule.source,
    segmentIndex: ctx.index,
    highlights,
  };
}

/**
 * Context that cancels one match [start, end):
 * - negated: a negation cue ends at most `negation_within` before it, in the same clause;
 * - quoted: a quotation cue earlier in the same sentence, or the match stands inside quotation marks;
 * - before / after: the rule's own phrases within N before / after it.
 */
function cancelled(pack: CompiledPack, u: CompiledUnless, start: number, end: number, ctx: SegmentContext): boolean {
  const cues = pack.cues;
  const hits = ctx.hits;
  if (u.negated && negatedAt(pack, start, ctx)) return true;
  if (u.quoted) {
    if (cues) {
      for (const ref of cues.quotation) {
        for (let k = hits.first(ref.id); k !== -1; k = hits.next[k]!) {
          if (hits.start[k]! < start && !between(ctx.sentenceBreaks, hits.end[k]!, start)) return true;
        }
      }
    }
    const regions = ctx.quoteRegions();
    if (regions.length > 0) {
      const [os, oe] = ctx.originalRange(start, end);
      for (const [open, close] of regions) if (os > open && oe <= close) return true;
    }
    if (cues?.mention && mentioned(cues.mention, start, end, ctx)) return true;
  }
  if (u.before) {
    for (const ref of u.before.any) {
      for (let k = hits.first(ref.id); k !== -1; k = hits.next[k]!) {
        if (hits.start[k]! < start && ctx.gap(hits.end[k]!, start) <= u.before.within) return true;
      }
    }
  }
  if (u.after) {
    for (const ref of u.after.any) {
      for (let k = hits.first(ref.id); k !== -1; k = hits.next[k]!) {
        if (hits.end[k]! > end && ctx.gap(end, hits.start[k]!) <= u.after.within) return true;
      }
    }
  }
  return false;
}

/** A negation cue of the pack ends at most `negation_within` before `start`, in the same clause. */
function negatedAt(pack: CompiledPack, start: number, ctx: SegmentContext): boolean {
  const cues = pack.cues;
  if (!cues) return false;
  const hits = ctx.hits;
  for (const ref of cues.negation) {
    for (let k = hits.first(ref.id); k !== -1; k = hits.next[k]!) {
      const hs = hits.start[k]!;
      const he = hits.end[k]!;
      if (hs < start && ctx.gap(he, start) <= cues.negationWithin && !between(ctx.clauseBreaks, he, start)) return true;
    }
  }
  return false;
}

/**
 * Whether the match [start, end) is mentioned speech: the object of talk, not the speaker's own
 * words. Clause by clause, because a speaker who denounces what others say in one clause can
 * threaten or swear in the next ("stop calling people names, you idiot"):
 * - after an introducer ("for saying", "threatening to", "words like") in the same clause;
 * - after a named speech act ("saying", "to call someone") in a clause that judges it, either
 *   later ("<act> … <match> … is a crime") or just before the act ("it's not okay to <act> … <match>").
 * An introducer or act right after an own-speech phrase ("I'm saying", "the bank is threatening
 * to") is the speaker's own speech act, an `ends_at` word between the cue and the match ("…, but",
 * "unless", "and you") hands the clause back to the speaker, and an `addressed` phrase right before
 * the match ("you lowlife") is direct address: all three leave the match counted.
 */
function mentioned(m: CompiledMention, start: number, end: number, ctx: SegmentContext): boolean {
  const hits = ctx.hits;
  const clauses = ctx.clauseBreaks;
  const role = m.role;
  // Most segments hold no mention cue at all: one pass over the segment's hits, not the cue lists.
  let roles = 0;
  for (let k = 0; k < hits.count; k++) roles |= role[hits.phrase[k]!]!;
  if ((roles & (MENTION_INTRODUCER | MENTION_ACT)) === 0) return false;
  // Direct address is the speaker's own whatever surrounds it: "stop saying that you lowlife".
  if (endsRightBefore(m.addressed, start, ctx)) return false;
  const opens = (k: number) => {
    const cueEnd = hits.end[k]!;
    return cueEnd <= start && !between(clauses, cueEnd, start) && !ownSpeech(m, hits.start[k]!, ctx) && !anyPhraseWithin(m.endsAt, cueEnd, start, ctx);
  };
  for (let k = 0; k < hits.count; k++) {
    const r = role[hits.phrase[k]!]!;
    if (r & MENTION_INTRODUCER && opens(k)) return true;
    if (!(r & MENTION_ACT) || (roles & MENTION_JUDGEMENT) === 0 || !opens(k)) continue;
    const as = hits.start[k]!;
    for (let x = 0; x < hits.count; x++) {
      if (!(role[hits.phrase[x]!]! & MENTION_JUDGEMENT)) continue;
      const js = hits.start[x]!;
      const je = hits.end[x]!;
      // "saying you'll hurt them is a crime": the judgement closes the act's clause.
      if (js >= end && !between(clauses, end, js) && !anyPhraseWithin(m.endsAt, end, js, ctx)) return true;
      // "it is against our policy to call a customer …": the judgement stands just before the act.
      if (je <= as && ctx.gap(je, as) <= m.judgedWithin && !between(clauses, je, as)) return true;
    }
  }
  return false;
}

/** An own-speech phrase ends right before the cue, nothing but a space between ("im saying"). */
function ownSpeech(m: CompiledMention, cueStart: number, ctx: SegmentContext): boolean {
  return endsRightBefore(m.ownSpeech, cueStart, ctx);
}

/** One of `phrases` (normalised) ends right before `at`, in the same clause, nothing but a space between. */
function endsRightBefore(phrases: readonly string[], at: number, ctx: SegmentContext): boolean {
  const text = ctx.text;
  let e = at;
  while (e > 0 && text.charCodeAt(e - 1) === 32) e--;
  if (e === at || between(ctx.clauseBreaks, e, at)) return false;
  for (const p of phrases) {
    const s = e - p.length;
    if (s >= 0 && text.startsWith(p, s) && atWordBoundaries(text, s, e)) return true;
  }
  return false;
}

/**
 * Some phrase of `phrases` (normalised) starts within [from, to), at word boundaries. It may run
 * into the match: in "for saying that i will sue you" the match "will sue" begins inside "i will".
 */
function anyPhraseWithin(phrases: readonly string[], from: number, to: number, ctx: SegmentContext): boolean {
  const text = ctx.text;
  for (const p of phrases) {
    for (let i = text.indexOf(p, from); i !== -1 && i < to; i = text.indexOf(p, i + 1)) {
      if (atWordBoundaries(text, i, i + p.length)) return true;
    }
  }
  return false;
}

/**
 * A required rule's finding: the elements no in-window segment of the speaker met. An element
 * whose every phrase is a placeholder the call's metadata lacks cannot be checked; it is reported
 * missing with the reason, so an unknown never passes for compliant. No finding for a call where
 * the speaker never spoke (unanswered, empty transcript) or that was not connected.
 */
function requiredFinding(
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

function evaluateCallRule(rule: CompiledCallRule, call: CallMeta, callEndMs: number, history: readonly HistoryCall[]): string[] | undefined {
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

function callFinding(rule: CompiledRule, call: CallMeta, callEndMs: number, matched: string[]): Finding {
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

type WindowSpec = { first_seconds?: number; last_seconds?: number; first_agent_turns?: number };

/**
 * Time windows of one call. Agent turns are runs of consecutive agent segments; on a call with no
 * agent segment at all (a mono recording) each unknown-speaker segment counts as a turn when the
 * policy lets rules read unknown speakers.
 */
class CallWindows {
  private readonly turnEnds: number[] = [];

  constructor(
    private readonly segments: readonly Segment[],
    unknown: 'match' | 'skip',
  ) {
    const hasAgent = segments.some((s) => s.speaker === 'agent');
    segments.forEach((s, i) => {
      if (hasAgent) {
        if (s.speaker !== 'agent') return;
        const previous = segments[i - 1];
        if (previous && previous.speaker === 'agent') this.turnEnds[this.turnEnds.length - 1] = i;
        else this.turnEnds.push(i);
      } else if (s.speaker === 'unknown' && unknown === 'match') this.turnEnds.push(i);
    });
  }

  contains(window: WindowSpec | undefined, index: number, callEndMs: number): boolean {
    if (!window) return true;
    const s = this.segments[index]!;
    if (window.first_seconds !== undefined) return s.startMs < window.first_seconds * 1000;
    if (window.last_seconds !== undefined) return s.endMs > callEndMs - window.last_seconds * 1000;
    if (window.first_agent_turns !== undefined) {
      const last = this.turnEnds[window.first_agent_turns - 1];
      return last === undefined || index <= last;
    }
    return true;
  }

  span(window: WindowSpec | undefined, callEndMs: number): { startMs: number; endMs: number } {
    if (!window) return { startMs: 0, endMs: callEndMs };
    if (window.first_seconds !== undefined) return { startMs: 0, endMs: Math.min(callEndMs, window.first_seconds * 1000) };
    if (window.last_seconds !== undefined) return { startMs: Math.max(0, callEndMs - window.last_seconds * 1000), endMs: callEndMs };
    const last = window.first_agent_turns !== undefined ? this.turnEnds[window.first_agent_turns - 1] : undefined;
    return { startMs: 0, endMs: last === undefined ? callEndMs : this.segments[last]!.endMs };
  }
}

/**
 * `applies_when`: every key must hold. A key is a metadata field (dotted for nested ones, e.g.
 * recording.present); a list accepts any of its values, and `null` accepts a call without the key.
 */
export function appliesTo(rule: Rule, call: CallMeta): boolean {
  if (!rule.applies_when) return true;
  for (const [key, expected] of Object.entries(rule.applies_when)) {
    const actual = readPath(call, key);
    const accepted = Array.isArray(expected) ? expected : [expected];
    const ok = accepted.some((v) => (v === null ? actual === undefined || actual === null : actual === v));
    if (!ok) return false;
  }
  return true;
}

function readPath(obj: unknown, dotted: string): unknown {
  let cur: unknown = obj;
  for (const part of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
