import type { Segment } from '../../domain/transcript.ts';
import type { CompiledPack } from '../compile-pack.ts';
import { type NormalisedText, normalise, normaliseText, originalRange, wordStartPrefix } from '../normalise.ts';

/**
 * The segment being scanned: its normalised text, sentence and clause breaks, and the phrase hits
 * found in it, kept in typed arrays so the hot loop allocates almost nothing.
 */

export interface Span {
  start: number;
  end: number;
  label: string;
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
export class SegmentContext {
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
  private marks: readonly number[] | undefined;
  readonly hits: HitIndex;
  readonly sound: HitIndex;
  hasSound = false;
  /** The mention-cue roles the segment's hits carry (a bit set), or -1 until read: see segmentRoles. */
  mentionRoles = -1;
  /** Whether the pack's second opinion reads the segment as talk about abuse (1) or not (0), or -1 until asked. */
  secondOpinion = -1;
  /** Whether the segment is aimed at no one and the models read it as harmless (1) or not (0), or -1 until asked: see unaimed. */
  unaimed = -1;

  constructor(
    phraseCount: number,
    readonly units: 'chars' | 'words',
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
    this.marks = undefined;
    this.hits.reset();
    this.sound.reset();
    this.hasSound = false;
    this.mentionRoles = -1;
    this.secondOpinion = -1;
    this.unaimed = -1;
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

  /**
   * Where quotation marks stood, as positions of the normalised text (the index of the character
   * after each mark). Normalising drops them, so without this 小日本”“鬼子 would read as one word.
   */
  quoteMarks(): readonly number[] {
    if (this.marks) return this.marks;
    const text = this.segment.text;
    if (!ANY_QUOTE_MARK.test(text)) return (this.marks = NO_MARKS);
    this.full ??= normalise(text);
    const origStart = this.full.origStart;
    const marks: number[] = [];
    let j = 0;
    for (let i = 0; i < text.length; i++) {
      if (!ALL_QUOTE_MARKS.has(text[i]!)) continue;
      while (j < origStart.length && origStart[j]! <= i) j++;
      if (marks[marks.length - 1] !== j) marks.push(j);
    }
    return (this.marks = marks);
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
const ALL_QUOTE_MARKS = new Set([...QUOTE_CLOSERS.keys(), ...QUOTE_CLOSERS.values()]);
const ANY_QUOTE_MARK = /["\u201c\u201d\u300c\u300d\u300e\u300f\u00ab\u00bb\uff02]/;
const NO_MARKS: readonly number[] = [];

/**
 * One segment context per pack, reused by every scan: its hit buffers are sized by the pack's
 * phrase count, and allocating them per call would cost more than scanning a short call.
 * scanTranscript is synchronous, so two scans never share one at the same time.
 */
const contexts = new WeakMap<CompiledPack, SegmentContext>();

export function contextFor(pack: CompiledPack): SegmentContext {
  let ctx = contexts.get(pack);
  if (!ctx) {
    ctx = new SegmentContext(pack.phraseCount, pack.units);
    contexts.set(pack, ctx);
  }
  return ctx;
}

/**
 * How many places in [from, to] hold a break (marks standing together, "？！", are one): a frame
 * step may cross at most one sentence end.
 */
export function sentenceBreaksBetween(breaks: readonly number[], from: number, to: number): number {
  let n = 0;
  let last = -1;
  for (let k = 0; k < breaks.length; k++) {
    const b = breaks[k]!;
    if (b >= from && b <= to && b !== last) {
      n++;
      last = b;
    }
  }
  return n;
}

export function between(breaks: readonly number[], from: number, to: number): boolean {
  for (let k = 0; k < breaks.length; k++) {
    const b = breaks[k]!;
    if (b >= from && b <= to) return true;
  }
  return false;
}
