import type { CompiledPack } from '../compile-pack.ts';
import { atWordBoundaries } from '../normalise.ts';
import { charKeys, containsHan, keyOf } from '../pinyin-key.ts';
import { type FilledTemplate, matchTemplate } from './placeholder-matching.ts';
import { SegmentContext } from './segment-context.ts';

/**
 * Every phrase hit of the current segment: one pass of the pack's automaton over the normalised text
 * (word boundaries checked for English), the pinyin automaton for sound-alike rules where the
 * segment has Chinese, and the call's filled placeholder phrases.
 */
export function findHits(pack: CompiledPack, ctx: SegmentContext, useSound: boolean, templates: readonly FilledTemplate[]): void {
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
