import type { CompiledCondition, CompiledPack, CompiledUnless, PhraseList, PhraseRef } from '../compile-pack.ts';
import { between, SegmentContext, type Span, sentenceBreaksBetween } from './segment-context.ts';
import { cancelled, negatedAt } from './unless-context.ts';

/**
 * Whether a condition holds on the current segment, and the spans that make it hold: phrase lists,
 * `near`, `sequence` frames, patterns and `either`, each hit filtered through the rule's `unless`.
 */

/**
 * Spans that make the condition true (after `unless` drops cancelled matches), or null when it is
 * false. Cheap when nothing hit: every phrase check is one typed-array read.
 */
export function evaluate(
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
  if (c.clause) {
    const before = spans.length;
    const found: Span[] = [];
    for (const ref of c.clause) keptSpans(pack, ref, ctx, soundAlike, unless, found);
    for (const f of found) if (wholeClause(f.start, f.end, ctx)) spans.push(f);
    if (spans.length === before) return null;
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

/**
 * Whether the condition holds, when only that matters (a model rule's `only_when`): a condition of
 * phrase lists alone is answered from the segment's hits, without building spans and their labels.
 */
export function holds(pack: CompiledPack, c: CompiledCondition, ctx: SegmentContext, soundAlike: boolean): boolean {
  if (c.near || c.sequence || c.regex || c.clause || c.either) return evaluate(pack, c, ctx, soundAlike, undefined) !== null;
  if (c.any) {
    const viaHits = c.anyById !== undefined && ctx.hits.count + (ctx.hasSound ? ctx.sound.count : 0) < c.any.length;
    if (viaHits ? !anyHitIn(c.anyById!, ctx, soundAlike) : !c.any.some((ref) => hasHit(ref, ctx, soundAlike))) return false;
  }
  if (c.all) for (const ref of c.all) if (!hasHit(ref, ctx, soundAlike)) return false;
  if (c.none) for (const ref of c.none) if (hasHit(ref, ctx, soundAlike)) return false;
  return true;
}

/**
 * [start, end) is a whole clause: a clause mark or the segment's start right before it, and a clause
 * mark or the segment's end right after it (spaces aside, for word-separated languages).
 */
function wholeClause(start: number, end: number, ctx: SegmentContext): boolean {
  const text = ctx.text;
  let e = end;
  while (e < text.length && text.charCodeAt(e) === 32) e++;
  let s = start;
  while (s > 0 && text.charCodeAt(s - 1) === 32) s--;
  return (s === 0 || ctx.clauseBreaks.includes(start) || ctx.clauseBreaks.includes(s)) && (e === text.length || ctx.clauseBreaks.includes(e) || ctx.clauseBreaks.includes(end));
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
 * the same sentence (or the next one, for a step marked `across_sentence`; the same clause, for one marked `same_clause`). The span covers the whole frame. `unless` is judged on the frame: a negation
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
  // A frame holds only where every step hits: most segments lack some step, and finding that out first
  // spares building the chains of a common first step (你, 我们) for nothing.
  for (const step of steps) if (!listHits(step, ctx, soundAlike)) return [];
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
        const breaks = sentenceBreaksBetween(ctx.sentenceBreaks, p.end, h.start);
        if (breaks > (steps[k]!.acrossSentence ? 1 : 0)) continue;
        if (steps[k]!.sameClause && between(ctx.clauseBreaks, p.end, h.start)) continue;
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

/** Some phrase of the list hits in this segment: walked from whichever is shorter, the list or the segment's hits. */
function listHits(list: PhraseList, ctx: SegmentContext, soundAlike: boolean): boolean {
  if (ctx.hits.count + (ctx.hasSound ? ctx.sound.count : 0) < list.refs.length) return anyHitIn(list.byId, ctx, soundAlike);
  for (const ref of list.refs) if (hasHit(ref, ctx, soundAlike)) return true;
  return false;
}

function hasHit(ref: PhraseRef, ctx: SegmentContext, soundAlike: boolean): boolean {
  return ctx.hits.first(ref.id) !== -1 || (soundAlike && ctx.hasSound && ctx.sound.first(ref.id) !== -1);
}
