import type { CallMeta } from '../../domain/transcript.ts';
import type { CompiledPack, TemplatePhrase } from '../compile-pack.ts';
import { atWordBoundaries, normalisePhrase } from '../normalise.ts';
import { type PlaceholderName, placeholderValue } from '../placeholders.ts';
import { SegmentContext } from './segment-context.ts';

/**
 * Phrases with placeholders ({bank}, {agentName}…): filled from each call's metadata, and matched
 * piece by piece where a value is missing (a gap of some text stands for it).
 */

const ZH_GAP_MAX = 12;

const EN_GAP_MAX_WORDS = 4;

/** A template phrase filled for one call: text pieces, and gaps where the metadata lacks a value. */
export interface FilledTemplate {
  id: number;
  pieces: Array<string | null>;
  /** Every piece is a gap: nothing to look for. */
  unfillable: boolean;
  missing: PlaceholderName[];
}

/**
 * Placeholders filled from this call: known values become text, missing ones gaps. A phrase with
 * `{bank}` is filled once for each name of the call's bank in the pack's bank_names (same phrase
 * id: any of them matches).
 */
export function fillTemplates(pack: CompiledPack, call: CallMeta): FilledTemplate[] {
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

export function matchTemplate(t: FilledTemplate, ctx: SegmentContext, units: 'chars' | 'words'): void {
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
