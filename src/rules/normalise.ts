import * as OpenCC from 'opencc-js';

/**
 * Text normalisation for matching. Rules and transcripts are compared in one canonical form:
 *   - NFKC (full-width letters, digits and punctuation become half-width),
 *   - lower case,
 *   - traditional Chinese (Taiwan / Hong Kong variants too) becomes simplified,
 *   - apostrophes are dropped ("don’t" = "don't" = "dont"),
 *   - every other punctuation mark or symbol becomes a space, runs of spaces become one,
 *   - a space between two Chinese characters is removed (ASR engines insert them).
 *
 * The mapping works one code point at a time (cached), so it is fast and keeps an exact map from
 * every normalised character back to the original text: quotes and highlights use the original.
 * Sentence punctuation is remembered as clause breaks: a negation cue does not reach across one.
 */
export interface NormalisedText {
  /** The normalised text that phrases, regexes and proximity are evaluated on. */
  readonly text: string;
  /** Original UTF-16 offset where normalised character i came from (inclusive start). */
  readonly origStart: Int32Array;
  /** Original UTF-16 offset just after the source of normalised character i. */
  readonly origEnd: Int32Array;
  /** Normalised offsets at which a clause break (, . ; ! ? 。，；！？ …) stood before the next character. */
  readonly clauseBreaks: readonly number[];
}

const APOSTROPHES = new Set(["'", '\u2019', '\u2018', '\u02bc', '\uff07', '`']);
const CLAUSE_PUNCTUATION = new Set([
  ',', '.', ';', '!', '?', ':', '\u3002', '\uff0c', '\uff1b', '\uff01', '\uff1f', '\uff1a', '\u3001', '\u2026', '\uff0e',
]);
const LETTER_OR_NUMBER = /[\p{L}\p{N}\p{M}]/u;
const WHITESPACE = /\s/u;

/** Han ideographs (BMP blocks); astral code points are treated as Han by isHanUnit (extension planes). */
export function isHanCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xd800 && c <= 0xdfff);
}

/** A character that takes part in English-style word boundaries: a letter or digit that is not Han. */
export function isWordCode(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  if (isHanCode(c)) return false;
  let w = wordCache.get(c);
  if (w === undefined) {
    w = LETTER_OR_NUMBER.test(String.fromCharCode(c));
    wordCache.set(c, w);
  }
  return w;
}
const wordCache = new Map<number, boolean>();

let simplifiers: Array<(s: string) => string> | undefined;
function toSimplified(ch: string): string {
  simplifiers ??= [
    OpenCC.Converter({ from: 'hk', to: 'cn' }),
    OpenCC.Converter({ from: 'tw', to: 'cn' }),
    OpenCC.Converter({ from: 't', to: 'cn' }),
  ];
  let out = ch;
  for (const convert of simplifiers) out = convert(out);
  return out;
}

const SPACE = ' ';
const BREAK = '\u0000'; // internal marker: a clause break (emitted as a space)
const asciiMap: string[] = [];
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (c >= 65 && c <= 90) asciiMap.push(ch.toLowerCase());
  else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) asciiMap.push(ch);
  else if (APOSTROPHES.has(ch)) asciiMap.push('');
  else if (CLAUSE_PUNCTUATION.has(ch)) asciiMap.push(BREAK);
  else asciiMap.push(SPACE);
}
const codePointCache = new Map<number, string>();

function mapCodePoint(cp: number): string {
  if (cp < 128) return asciiMap[cp]!;
  let mapped = codePointCache.get(cp);
  if (mapped === undefined) {
    mapped = computeMapping(String.fromCodePoint(cp));
    codePointCache.set(cp, mapped);
  }
  return mapped;
}

function computeMapping(ch: string): string {
  if (APOSTROPHES.has(ch)) return '';
  if (CLAUSE_PUNCTUATION.has(ch)) return BREAK;
  let out = '';
  for (const c of ch.normalize('NFKC').toLowerCase()) {
    if (APOSTROPHES.has(c)) continue;
    if (CLAUSE_PUNCTUATION.has(c)) out += BREAK;
    else if (WHITESPACE.test(c) || !LETTER_OR_NUMBER.test(c)) out += SPACE;
    else if (isHanCode(c.charCodeAt(0))) out += toSimplified(c);
    else out += c;
  }
  return out;
}

/** Normalise text, keeping the offset map back to the original. Pure; caches per code point. */
export function normalise(original: string): NormalisedText {
  const codes: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const clauseBreaks: number[] = [];
  let pendingSpace = -1;
  let pendingBreak = false;
  let lastHan = false;
  for (let i = 0; i < original.length; ) {
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const mapped = mapCodePoint(cp);
    for (let k = 0; k < mapped.length; k++) {
      const c = mapped.charCodeAt(k);
      if (c === 32 || c === 0) {
        if (codes.length > 0 && pendingSpace < 0) pendingSpace = i;
        if (c === 0) pendingBreak = true;
        continue;
      }
      const han = isHanCode(c);
      if (pendingSpace >= 0) {
        if (!(lastHan && han)) {
          codes.push(32);
          starts.push(pendingSpace);
          ends.push(pendingSpace + 1);
        }
        if (pendingBreak) clauseBreaks.push(codes.length);
        pendingSpace = -1;
        pendingBreak = false;
      }
      codes.push(c);
      starts.push(i);
      ends.push(i + width);
      lastHan = han;
    }
    i += width;
  }
  let text = '';
  for (let i = 0; i < codes.length; i += 4096) text += String.fromCharCode(...codes.slice(i, i + 4096));
  return { text, origStart: Int32Array.from(starts), origEnd: Int32Array.from(ends), clauseBreaks };
}

/** The normalised form of a phrase as written in a rule (no offsets needed). */
export function normalisePhrase(phrase: string): string {
  return normalise(phrase).text;
}

/** Original [start, end) of the normalised range [start, end). */
export function originalRange(n: NormalisedText, start: number, end: number): [number, number] {
  if (end <= start) return [n.origStart[start] ?? 0, n.origStart[start] ?? 0];
  return [n.origStart[start]!, n.origEnd[end - 1]!];
}

/**
 * A match [start, end) respects word boundaries: where the phrase begins (ends) with a letter or
 * digit of a spaced script, the text must not continue the word there ("ass" is not in "pass").
 * Han characters have no spaces and need no boundary.
 */
export function atWordBoundaries(text: string, start: number, end: number): boolean {
  if (start > 0 && isWordCode(text.charCodeAt(start)) && isWordCode(text.charCodeAt(start - 1))) return false;
  if (end < text.length && isWordCode(text.charCodeAt(end - 1)) && isWordCode(text.charCodeAt(end))) return false;
  return true;
}

/** Prefix counts of word starts, for distances in words: words in [a, b) = p[b] - p[a]. */
export function wordStartPrefix(text: string): Int32Array {
  const p = new Int32Array(text.length + 1);
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    p[i] = count;
    if (isHanCode(c) || (isWordCode(c) && (i === 0 || !isWordCode(text.charCodeAt(i - 1))))) count++;
  }
  p[text.length] = count;
  return p;
}
