import type { CompiledPack } from '../compile-pack.ts';
import { atWordBoundaries } from '../normalise.ts';
import { charKeys, containsHan, keyOf } from '../pinyin-key.ts';
import { type FilledTemplate, matchTemplate } from './placeholder-matching.ts';
import { between, SegmentContext } from './segment-context.ts';

/**
 * Every phrase hit of the current segment: one pass of the pack's automaton over the normalised text
 * (word boundaries checked for English), the pinyin automaton for sound-alike rules where the
 * segment has Chinese, and the call's filled placeholder phrases.
 */
export function findHits(pack: CompiledPack, ctx: SegmentContext, useSound: boolean, templates: readonly FilledTemplate[]): void {
  const text = ctx.text;
  const ac = pack.automaton;
  const n = ac.collect(text);
  // Punctuation is dropped before matching, so a phrase could be pieced together from the end of
  // one clause and the start of the next (一起死，全家人… is not 死全家; 小日本”“鬼子 quotes two words).
  const breaks = new LastMarkBefore(ctx.clauseBreaks);
  const quoteMarks = ctx.quoteMarks();
  const marks = new LastMarkBefore(quoteMarks);
  for (let k = 0; k < n; k++) {
    const pattern = ac.hitPattern[k]!;
    const end = ac.hitEnd[k]!;
    const start = end - ac.patternLength(pattern);
    const id = pack.patternPhrase[pattern]!;
    if (!(pack.noBoundary[id] || atWordBoundaries(text, start, end))) continue;
    if (breaks.before(end) > start || marks.before(end) > start) continue;
    ctx.hits.add(id, start, end);
  }
  if (useSound && pack.soundAlike && containsHan(text)) {
    const sa = pack.soundAlike.automaton;
    const m = sa.collectTranslated(text, charKeys, keyOf);
    for (let k = 0; k < m; k++) {
      const pattern = sa.hitPattern[k]!;
      const end = sa.hitEnd[k]!;
      const start = end - sa.patternLength(pattern);
      const id = pack.soundAlike.patternPhrase[pattern]!;
      if (atWordBoundaries(text, start, end) && heardAsThePhrase(text, start, end, pack.phraseText[id]!, ctx.clauseBreaks) && !between(quoteMarks, start + 1, end - 1)) {
        ctx.sound.add(id, start, end);
        ctx.hasSound = true;
      }
    }
  }
  for (const t of templates) if (!t.unfillable) matchTemplate(t, ctx, pack.units);
}

/**
 * Grammatical characters that no spelling or mishearing of a swear word puts in its place: where a
 * sound-alike hit needs one of them, the speaker said an ordinary word that happens to share the
 * syllable (狗是我捡的 is not 狗屎, 假吃是 is not 吃屎, 结婚但是 is not 混蛋). Pronouns stay out of
 * the list: 她妈的 and 尼玛 are how the words are written.
 */
const FUNCTION_CHARS = new Set([...'是的地得了在和也就都但而与或吗呢吧着过被把给对从向这那不没有个以于为之其所将还又再才很最更']);

/**
 * Whether a sound-alike hit [start, end) can be the phrase it sounds like: it does not run across a
 * clause break (婚，但 is two clauses, not 混蛋), and every character that differs from the phrase is
 * one a homophone spelling or an ASR error would use.
 */
function heardAsThePhrase(text: string, start: number, end: number, phrase: string, clauseBreaks: readonly number[]): boolean {
  if (end - start > 1 && between(clauseBreaks, start + 1, end - 1)) return false;
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c !== phrase[i - start] && FUNCTION_CHARS.has(c)) return false;
  }
  return true;
}

/**
 * The last mark (a position of the normalised text) before a hit's end, for hits that come in order
 * of their end, as the automaton reports them: one pass over the marks for the whole segment.
 */
class LastMarkBefore {
  private next = 0;
  private lastEnd = 0;

  constructor(private readonly marks: readonly number[]) {}

  /** The greatest mark < end, or -1. */
  before(end: number): number {
    const marks = this.marks;
    if (marks.length === 0) return -1;
    if (end < this.lastEnd) this.next = 0;
    this.lastEnd = end;
    while (this.next < marks.length && marks[this.next]! < end) this.next++;
    return this.next > 0 ? marks[this.next - 1]! : -1;
  }
}
