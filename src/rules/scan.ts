import type { Finding } from '../domain/finding.ts';
import type { CallMeta, Segment, Speaker, Transcript } from '../domain/transcript.ts';
import { checkContactFrequency, checkContactTime, checkRecording } from './call-rules.ts';
import type {
  CompiledCallRule,
  CompiledCondition,
  CompiledPack,
  CompiledPhraseRule,
  CompiledRequiredRule,
  CompiledRule,
  PhraseRef,
} from './compile-pack.ts';
import type { HistoryCall } from './history.ts';
import { atWordBoundaries, normalise, normalisePhrase, originalRange, wordStartPrefix, type NormalisedText } from './normalise.ts';
import { containsHan, pinyinKey } from './pinyin-key.ts';
import { placeholderValue } from './placeholders.ts';
import type { Rule } from './rule-schema.ts';

/**
 * The scanner: a pure, synchronous function of (compiled pack, transcript, history) → findings.
 * Per segment: normalise once, run the pack's automaton once (and the pinyin one when the pack has
 * sound-alike rules and the segment has Chinese), then evaluate only the rules a hit can trigger.
 */

export interface ScanOptions {
  /** Only these rule ids (examples runner); disabled rules in the set are scanned too. */
  onlyRules?: ReadonlySet<string>;
}

interface Hit {
  start: number;
  end: number;
}
interface Span extends Hit {
  label: string;
}

/** Placeholder text of a gap where the call's metadata lacks the value. */
const GAP = null;
type FilledTemplate = { id: number; pieces: Array<string | typeof GAP> };

const ZH_GAP_MAX = 12;
const EN_GAP_MAX_WORDS = 4;

class SegmentView {
  readonly hits = new Map<number, Hit[]>();
  sound: Map<number, Hit[]> | undefined;
  private prefix: Int32Array | undefined;

  constructor(
    readonly index: number,
    readonly segment: Segment,
    readonly norm: NormalisedText,
    private readonly units: 'chars' | 'words',
  ) {}

  /** Distance from `from` to `to` in the pack's unit: characters, or words starting in between. */
  gap(from: number, to: number): number {
    if (to <= from) return 0;
    if (this.units === 'chars') return to - from;
    this.prefix ??= wordStartPrefix(this.norm.text);
    return this.prefix[to]! - this.prefix[from]!;
  }

  breakBetween(from: number, to: number): boolean {
    for (const b of this.norm.clauseBreaks) if (b >= from && b <= to) return true;
    return false;
  }

  hitsOf(id: number, soundAlike: boolean): readonly Hit[] {
    const exact = this.hits.get(id);
    if (!soundAlike || !this.sound) return exact ?? NO_HITS;
    const sound = this.sound.get(id);
    if (!sound) return exact ?? NO_HITS;
    if (!exact) return sound;
    return exact.concat(sound.filter((s) => !exact.some((e) => e.start === s.start && e.end === s.end)));
  }

  add(map: Map<number, Hit[]>, id: number, start: number, end: number): void {
    const list = map.get(id);
    if (list) list.push({ start, end });
    else map.set(id, [{ start, end }]);
  }
}
const NO_HITS: readonly Hit[] = [];

export function scanTranscript(
  pack: CompiledPack,
  transcript: Transcript,
  history: readonly HistoryCall[] = [],
  options: ScanOptions = {},
): Finding[] {
  const call = transcript.call;
  const segments = transcript.segments;
  const rules = (options.onlyRules ? pack.allRules.filter((r) => options.onlyRules!.has(r.id)) : pack.rules).filter((r) =>
    appliesTo(r.rule, call),
  );
  if (rules.length === 0) return [];
  const active = new Uint8Array(pack.allRules.length);
  for (const r of rules) active[r.index] = 1;
  const findings: Finding[] = [];
  const callEndMs = Math.max(call.durationMs ?? 0, segments.reduce((m, s) => Math.max(m, s.endMs), 0));
  const windows = new CallWindows(segments, pack.unknownSpeaker);

  const phraseRules = rules.filter((r): r is CompiledPhraseRule => r.kind === 'phrase');
  const requiredRules = rules.filter((r): r is CompiledRequiredRule => r.kind === 'required');
  const needsText = phraseRules.length > 0 || requiredRules.length > 0;
  const useSound = pack.soundAlike !== undefined && rules.some((r) => (r.kind === 'phrase' || r.kind === 'required') && r.rule.sound_alike);
  const templates = needsText ? fillTemplates(pack, call) : [];

  const views: SegmentView[] = [];
  if (needsText) {
    segments.forEach((segment, index) => {
      const view = new SegmentView(index, segment, normalise(segment.text), pack.units);
      findHits(pack, view, useSound, templates);
      views.push(view);
    });
  }

  // Phrase rules, segment by segment (only_after needs the order).
  const onlyAfterMet = new Uint8Array(pack.allRules.length);
  const alwaysRules = phraseRules.filter((r) => r.evaluateAlways);
  const mark = new Uint32Array(pack.allRules.length);
  let stamp = 0;
  for (const view of views) {
    stamp++;
    const candidates: CompiledPhraseRule[] = [];
    const consider = (ruleIndex: number) => {
      if (!active[ruleIndex] || mark[ruleIndex] === stamp) return;
      mark[ruleIndex] = stamp;
      candidates.push(pack.allRules[ruleIndex] as CompiledPhraseRule);
    };
    for (const id of view.hits.keys()) for (const r of pack.phraseRules[id] ?? []) consider(r);
    if (view.sound) for (const id of view.sound.keys()) for (const r of pack.phraseRules[id] ?? []) consider(r);
    for (const r of alwaysRules) consider(r.index);
    candidates.sort((a, b) => a.index - b.index);
    for (const rule of candidates) {
      if (!speakerReads(rule.rule.speaker, view.segment.speaker, pack.unknownSpeaker)) continue;
      if (!windows.contains(rule.rule.window, view.index, callEndMs)) continue;
      if (rule.onlyAfter && !onlyAfterMet[rule.index]) continue;
      const finding = evaluatePhraseRule(pack, rule, view, call.id);
      if (finding) findings.push(finding);
    }
    for (const rule of phraseRules) {
      if (!rule.onlyAfter || onlyAfterMet[rule.index]) continue;
      if (!speakerReads(rule.onlyAfter.speaker, view.segment.speaker, pack.unknownSpeaker)) continue;
      if (evaluate(rule.onlyAfter.match, view, rule.rule.sound_alike, KEEP_ALL) !== null) onlyAfterMet[rule.index] = 1;
    }
  }

  for (const rule of requiredRules) {
    const finding = evaluateRequiredRule(pack, rule, views, windows, call, callEndMs);
    if (finding) findings.push(finding);
  }

  for (const rule of rules) {
    if (rule.kind !== 'contact_time' && rule.kind !== 'contact_frequency' && rule.kind !== 'recording') continue;
    const matched = evaluateCallRule(rule, call, callEndMs, history);
    if (matched) findings.push(callFinding(pack, rule, call, callEndMs, matched));
  }

  return findings.sort((a, b) => a.startMs - b.startMs || (a.segmentIndex ?? -1) - (b.segmentIndex ?? -1) || compare(a.ruleId, b.ruleId));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** agent/customer rules read their speaker's segments, and unknown ones when the policy says match. */
export function speakerReads(ruleSpeaker: 'agent' | 'customer' | 'any', segmentSpeaker: Speaker, unknown: 'match' | 'skip'): boolean {
  if (ruleSpeaker === 'any' || ruleSpeaker === segmentSpeaker) return true;
  return segmentSpeaker === 'unknown' && unknown === 'match';
}

function findHits(pack: CompiledPack, view: SegmentView, useSound: boolean, templates: FilledTemplate[]): void {
  const text = view.norm.text;
  if (text.length === 0) return;
  pack.automaton.scan(text, (pattern, start, end) => {
    if (atWordBoundaries(text, start, end)) view.add(view.hits, pack.patternPhrase[pattern]!, start, end);
  });
  if (useSound && pack.soundAlike && containsHan(text)) {
    const sound = new Map<number, Hit[]>();
    const key = pinyinKey(text);
    const soundAlike = pack.soundAlike;
    soundAlike.automaton.scan(key, (pattern, start, end) => {
      if (atWordBoundaries(text, start, end)) view.add(sound, soundAlike.patternPhrase[pattern]!, start, end);
    });
    if (sound.size > 0) view.sound = sound;
  }
  for (const t of templates) matchTemplate(t, view, pack.units);
}

/** Placeholders filled from this call: known values become text, missing ones gaps. */
function fillTemplates(pack: CompiledPack, call: CallMeta): FilledTemplate[] {
  return pack.templates.map((t) => {
    const pieces: Array<string | typeof GAP> = [];
    let text = '';
    for (const part of t.parts) {
      if ('literal' in part) text += part.literal;
      else {
        const value = placeholderValue(call, part.placeholder);
        if (value !== undefined) text += value;
        else {
          if (text) pieces.push(text);
          text = '';
          pieces.push(GAP);
        }
      }
    }
    if (text) pieces.push(text);
    return {
      id: t.id,
      pieces: pieces.map((p) => (p === GAP ? GAP : normalisePhrase(p))).filter((p) => p !== ''),
    };
  });
}

function matchTemplate(t: FilledTemplate, view: SegmentView, units: 'chars' | 'words'): void {
  const text = view.norm.text;
  const gapFits = (from: number, to: number) => {
    const n = view.gap(from, to);
    return units === 'chars' ? n >= 1 && n <= ZH_GAP_MAX : n >= 1 && n <= EN_GAP_MAX_WORDS;
  };
  const maxGapChars = units === 'chars' ? ZH_GAP_MAX + 1 : 200;
  // Match pieces from index k at position pos; returns the end of the match or -1.
  const rest = (k: number, pos: number): number => {
    if (k === t.pieces.length) return pos;
    const piece = t.pieces[k];
    if (piece === GAP) {
      if (k === t.pieces.length - 1) return gapFits(pos, text.length) || view.gap(pos, text.length) > 0 ? text.length : -1;
      const next = t.pieces[k + 1] as string;
      for (let q = text.indexOf(next, pos + 1); q !== -1 && q - pos <= maxGapChars; q = text.indexOf(next, q + 1)) {
        if (!gapFits(pos, q)) continue;
        const end = rest(k + 2, q + next.length);
        if (end !== -1) return end;
      }
      return -1;
    }
    return text.startsWith(piece!, pos) ? rest(k + 1, pos + piece!.length) : -1;
  };
  const first = t.pieces[0];
  if (first === undefined) return;
  if (first === GAP) {
    // A leading gap: the text before the next piece stands for the placeholder.
    if (t.pieces.length === 1) {
      if (text.length > 0) view.add(view.hits, t.id, 0, text.length);
      return;
    }
    const next = t.pieces[1] as string;
    for (let q = text.indexOf(next, 1); q !== -1; q = text.indexOf(next, q + 1)) {
      if (view.gap(0, q) < 1) continue;
      const end = rest(2, q + next.length);
      if (end !== -1 && atWordBoundaries(text, q, end)) {
        view.add(view.hits, t.id, q, end);
        return;
      }
    }
    return;
  }
  for (let p = text.indexOf(first); p !== -1; p = text.indexOf(first, p + 1)) {
    const end = rest(1, p + first.length);
    if (end !== -1 && atWordBoundaries(text, p, end)) view.add(view.hits, t.id, p, end);
  }
}

type Keep = (span: Hit) => boolean;
const KEEP_ALL: Keep = () => true;

/** Spans that make the condition true (after `keep` drops cancelled ones), or null when it is false. */
function evaluate(c: CompiledCondition, view: SegmentView, soundAlike: boolean, keep: Keep): Span[] | null {
  let spans: Span[] = [];
  const kept = (ref: PhraseRef): Span[] => {
    const out: Span[] = [];
    for (const h of view.hitsOf(ref.id, soundAlike)) if (keep(h)) out.push({ start: h.start, end: h.end, label: ref.text });
    return out;
  };
  if (c.none) {
    for (const ref of c.none) if (view.hitsOf(ref.id, soundAlike).length > 0) return null;
  }
  if (c.any) {
    const found: Span[] = [];
    for (const ref of c.any) found.push(...kept(ref));
    if (found.length === 0) return null;
    spans = spans.concat(found);
  }
  if (c.all) {
    for (const ref of c.all) {
      const found = kept(ref);
      if (found.length === 0) return null;
      spans = spans.concat(found);
    }
  }
  if (c.near) {
    const { a, b, within, ordered } = c.near;
    const as = a.flatMap(kept);
    const bs = as.length > 0 ? b.flatMap(kept) : [];
    const found: Span[] = [];
    for (const x of as) {
      for (const y of bs) {
        if (x.start === y.start && x.end === y.end) continue;
        if (ordered && !(x.start < y.start)) continue;
        const [first, second] = x.start <= y.start ? [x, y] : [y, x];
        if (view.gap(first.end, second.start) <= within) found.push(x, y);
      }
    }
    if (found.length === 0) return null;
    spans = spans.concat(found);
  }
  if (c.regex) {
    const m = c.regex.re.matcher(view.norm.text);
    const found: Span[] = [];
    while (m.find()) {
      const h = { start: m.start(), end: m.end() };
      if (h.end === h.start) continue;
      if (!keep(h)) continue;
      const [os, oe] = originalRange(view.norm, h.start, h.end);
      found.push({ ...h, label: view.segment.text.slice(os, oe) });
    }
    if (found.length === 0) return null;
    spans = spans.concat(found);
  }
  if (c.either) {
    const found: Span[] = [];
    for (const sub of c.either) {
      const s = evaluate(sub, view, soundAlike, keep);
      if (s) found.push(...s);
    }
    if (found.length === 0) return null;
    spans = spans.concat(found);
  }
  return spans;
}

function evaluatePhraseRule(pack: CompiledPack, rule: CompiledPhraseRule, view: SegmentView, callId: string): Finding | undefined {
  const sound = rule.rule.sound_alike;
  const u = rule.unless;
  let keep: Keep = KEEP_ALL;
  if (u && (u.negated || u.quoted || u.before || u.after)) {
    keep = (span) => !cancelled(pack, u, span, view);
  }
  const spans = evaluate(rule.match, view, sound, keep);
  if (!spans) return undefined;
  if (u?.segment && evaluate(u.segment, view, sound, KEEP_ALL) !== null) return undefined;
  const labels: string[] = [];
  const highlights: Array<[number, number]> = [];
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  for (const s of spans) {
    if (!labels.includes(s.label)) labels.push(s.label);
    const range = originalRange(view.norm, s.start, s.end);
    if (!highlights.some(([a, b]) => a === range[0] && b === range[1])) highlights.push(range);
  }
  highlights.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return {
    callId,
    ruleId: rule.id,
    ruleVersion: rule.version,
    title: rule.title,
    category: rule.rule.category,
    severity: rule.rule.severity,
    speaker: view.segment.speaker,
    startMs: view.segment.startMs,
    endMs: view.segment.endMs,
    quote: view.segment.text,
    matched: labels,
    source: rule.rule.source,
    segmentIndex: view.index,
    highlights,
  };
}

/** Context that cancels one match: a negation or quotation cue, or the rule's own before/after words. */
function cancelled(pack: CompiledPack, u: NonNullable<CompiledPhraseRule['unless']>, span: Hit, view: SegmentView): boolean {
  const cues = pack.cues;
  if (u.negated && cues) {
    for (const ref of cues.negation) {
      for (const h of view.hitsOf(ref.id, false)) {
        if (h.start < span.start && view.gap(h.end, span.start) <= cues.negationWithin && !view.breakBetween(h.end, span.start)) return true;
      }
    }
  }
  if (u.quoted && cues) {
    for (const ref of cues.quotation) for (const h of view.hitsOf(ref.id, false)) if (h.start < span.start) return true;
  }
  if (u.before) {
    for (const ref of u.before.any) {
      for (const h of view.hitsOf(ref.id, false)) if (h.start < span.start && view.gap(h.end, span.start) <= u.before.within) return true;
    }
  }
  if (u.after) {
    for (const ref of u.after.any) {
      for (const h of view.hitsOf(ref.id, false)) if (h.end > span.end && view.gap(span.end, h.start) <= u.after.within) return true;
    }
  }
  return false;
}

function evaluateRequiredRule(
  pack: CompiledPack,
  rule: CompiledRequiredRule,
  views: readonly SegmentView[],
  windows: CallWindows,
  call: CallMeta,
  callEndMs: number,
): Finding | undefined {
  if (call.connected === false) return undefined;
  const speaker = rule.rule.speaker;
  const readable = views.filter((v) => speakerReads(speaker, v.segment.speaker, pack.unknownSpeaker));
  // Nobody of that side spoke (unanswered, or the transcript is empty): nothing to judge.
  if (readable.length === 0) return undefined;
  const inWindow = readable.filter((v) => windows.contains(rule.rule.window, v.index, callEndMs));
  const missing = rule.require
    .filter((el) => !inWindow.some((v) => evaluate(el.match, v, rule.rule.sound_alike, KEEP_ALL) !== null))
    .map((el) => el.name);
  if (missing.length === 0) return undefined;
  const span = windows.span(rule.rule.window, callEndMs);
  const unknownOnly = readable.every((v) => v.segment.speaker === 'unknown');
  return {
    callId: call.id,
    ruleId: rule.id,
    ruleVersion: rule.version,
    title: rule.title,
    category: rule.rule.category,
    severity: rule.rule.severity,
    speaker: speaker === 'any' ? 'call' : unknownOnly ? 'unknown' : speaker,
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

function callFinding(pack: CompiledPack, rule: CompiledRule, call: CallMeta, callEndMs: number, matched: string[]): Finding {
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

/**
 * Time windows of one call. Agent turns are runs of consecutive agent segments; on a call with no
 * agent segment at all (a mono recording) each unknown-speaker segment counts as a turn when the
 * policy lets rules read unknown speakers.
 */
class CallWindows {
  private readonly turnEnds: number[] = [];

  constructor(private readonly segments: readonly Segment[], unknown: 'match' | 'skip') {
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
type WindowSpec = { first_seconds?: number; last_seconds?: number; first_agent_turns?: number };

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
