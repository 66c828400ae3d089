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
 * The mapping works one code point at a time (cached in a 64 K table), so it is fast and keeps an
 * exact map from every normalised character back to the original text: quotes and highlights use
 * the original. (Per code point means a base letter and a separate combining accent stay two
 * characters; transcripts are NFC in practice.) Punctuation is remembered where it stood: clause
 * breaks stop negation cues, sentence breaks stop quotation cues.
 */
export interface NormalisedText {
  /** The normalised text that phrases, regexes and proximity are evaluated on. */
  readonly text: string;
  /** Original UTF-16 offset where normalised character i came from (inclusive start). */
  readonly origStart: Int32Array;
  /** Original UTF-16 offset just after the source of normalised character i. */
  readonly origEnd: Int32Array;
  /** Normalised offsets at which a clause break (, ; : . ! ? 。，；！？ … and brackets) stood before the next character. */
  readonly clauseBreaks: readonly number[];
  /** The subset of clauseBreaks that end a sentence (. ! ? 。！？ … and line breaks). */
  readonly sentenceBreaks: readonly number[];
}

const APOSTROPHES = new Set(["'", '\u2019', '\u2018', '\u02bc', '\uff07', '`']);
/** Punctuation that ends a sentence: a quotation cue reaches no further. */
const SENTENCE_PUNCTUATION = new Set(['.', '!', '?', '\u3002', '\uff01', '\uff1f', '\u2026', '\uff0e', '\n']);
/**
 * Punctuation that ends a clause: a negation cue reaches no further. Brackets too: an aside in
 * brackets is not part of the words around it (是狗（侍郎是狗） holds no 狗屎).
 */
const CLAUSE_PUNCTUATION = new Set([',', ';', ':', '\uff0c', '\uff1b', '\uff1a', '\u3001', '(', ')', '[', ']', '\uff08', '\uff09', '\u3010', '\u3011']);
const LETTER_OR_NUMBER = /[\p{L}\p{N}\p{M}]/u;
const WHITESPACE = /\s/u;

/** Han ideographs (BMP blocks); surrogates count as Han (the extension planes are Han). */
export function isHanCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xd800 && c <= 0xdfff);
}

const wordTable = new Int8Array(65536); // 0 unknown, 1 word character, 2 not
/** A character that takes part in English-style word boundaries: a letter or digit that is not Han. */
export function isWordCode(c: number): boolean {
  let w = wordTable[c]!;
  if (w === 0) {
    w = !isHanCode(c) && LETTER_OR_NUMBER.test(String.fromCharCode(c)) ? 1 : 2;
    wordTable[c] = w;
  }
  return w === 1;
}

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

/*
 * Per code unit, the mapping is cached in a 64 K table: a positive value is the one output
 * character, or one of these markers. Astral code points and multi-character outputs use a Map.
 */
const UNKNOWN = 0;
const DROP = -1;
const SPACE = -2;
const CLAUSE = -3;
const SENTENCE = -4;
const MULTI = -5;
const table = new Int32Array(65536);
const multi = new Map<number, string>();
const SPACE_CH = ' ';
const CLAUSE_CH = '\u0001';
const SENTENCE_CH = '\u0002';

function computeMapping(ch: string): string {
  if (APOSTROPHES.has(ch)) return '';
  if (SENTENCE_PUNCTUATION.has(ch)) return SENTENCE_CH;
  if (CLAUSE_PUNCTUATION.has(ch)) return CLAUSE_CH;
  let out = '';
  for (const c of ch.normalize('NFKC').toLowerCase()) {
    if (APOSTROPHES.has(c)) continue;
    if (SENTENCE_PUNCTUATION.has(c)) out += SENTENCE_CH;
    else if (CLAUSE_PUNCTUATION.has(c)) out += CLAUSE_CH;
    else if (WHITESPACE.test(c) || !LETTER_OR_NUMBER.test(c)) out += SPACE_CH;
    else if (isHanCode(c.charCodeAt(0))) out += toSimplified(c);
    else out += c;
  }
  return out;
}

function encode(mapped: string): number {
  if (mapped === '') return DROP;
  if (mapped === SPACE_CH) return SPACE;
  if (mapped === CLAUSE_CH) return CLAUSE;
  if (mapped === SENTENCE_CH) return SENTENCE;
  if (mapped.length === 1 && mapped.charCodeAt(0) > 2) return mapped.charCodeAt(0);
  return MULTI;
}

function lookup(c: number): number {
  let v = table[c]!;
  if (v === UNKNOWN) {
    const mapped = c >= 0xd800 && c <= 0xdfff ? String.fromCharCode(c) : computeMapping(String.fromCharCode(c));
    v = encode(mapped);
    if (v === MULTI) multi.set(c, mapped);
    table[c] = v;
  }
  return v;
}

// Scratch buffers of the normaliser, reused between calls (normalise() is synchronous and never
// re-entered); the results are copied out.
/** A plain array, not a Uint16Array: String.fromCharCode.apply reads it about 3× faster. */
const codes: number[] = [];
let starts = new Int32Array(256);
let ends = new Int32Array(256);
let n = 0;
let clauseBreaks: number[] = [];
let sentenceBreaks: number[] = [];

/** Shared by every text without breaks (never written to). */
const NO_BREAKS: number[] = [];

function isHanFast(c: number): boolean {
  return c >= 0x3400 && (c <= 0x4dbf || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xd800 && c <= 0xdfff) || (c >= 0xf900 && c <= 0xfaff));
}

/** Marker of a mapped string's character: 32 space, 1 clause break, 2 sentence break. */
function unitOf(m: number): number {
  return m === 32 ? SPACE : m === 1 ? CLAUSE : m === 2 ? SENTENCE : m;
}

/** Normalise text, keeping the offset map back to the original. Pure; caches per character. */
export function normalise(original: string): NormalisedText {
  const text = run(original, true);
  return { text, origStart: starts.slice(0, n), origEnd: ends.slice(0, n), clauseBreaks, sentenceBreaks };
}

/**
 * The normalised text and its breaks without the offset map (the scanner's hot path: most segments
 * never need offsets; the few that produce a finding are normalised again with normalise()).
 */
export function normaliseText(original: string): Pick<NormalisedText, 'text' | 'clauseBreaks' | 'sentenceBreaks'> {
  const text = run(original, false);
  return { text, clauseBreaks, sentenceBreaks };
}

function run(original: string, keepOffsets: boolean): string {
  const need = original.length * 4 + 8;
  if (starts.length < need) {
    starts = new Int32Array(need);
    ends = new Int32Array(need);
  }
  codes.length = 0;
  const cs = codes;
  const ss = starts;
  const es = ends;
  let clauses: number[] = NO_BREAKS;
  let sentences: number[] = NO_BREAKS;
  let out = 0;
  let pendingSpace = -1;
  let pendingBreak = 0; // 0 none, 1 clause, 2 sentence
  let lastHan = false;
  const length = original.length;

  for (let i = 0; i < length; ) {
    const c = original.charCodeAt(i);
    const from = i;
    let v: number;
    let mapped: string | undefined;
    if (c >= 97 && c <= 122) {
      v = c;
      i++;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < length) {
      // An astral code point (a surrogate pair) is mapped as a whole.
      const cp = original.codePointAt(i)!;
      mapped = multi.get(-cp);
      if (mapped === undefined) {
        mapped = computeMapping(String.fromCodePoint(cp));
        multi.set(-cp, mapped);
      }
      v = MULTI;
      i += 2;
    } else {
      v = table[c]!;
      if (v === UNKNOWN) v = lookup(c);
      if (v === MULTI) mapped = multi.get(c)!;
      i++;
    }
    const units = mapped === undefined ? 1 : mapped.length;
    for (let k = 0; k < units; k++) {
      const u = mapped === undefined ? v : unitOf(mapped.charCodeAt(k));
      if (u > 0) {
        const han = isHanFast(u);
        if (pendingSpace >= 0) {
          if (out > 0 && !(lastHan && han)) {
            cs[out] = 32;
            if (keepOffsets) {
              ss[out] = pendingSpace;
              es[out] = pendingSpace + 1;
            }
            out++;
          }
          if (pendingBreak > 0 && out > 0) {
            if (clauses === NO_BREAKS) clauses = [];
            clauses.push(out);
            if (pendingBreak === 2) {
              if (sentences === NO_BREAKS) sentences = [];
              sentences.push(out);
            }
          }
          pendingSpace = -1;
          pendingBreak = 0;
        }
        cs[out] = u;
        if (keepOffsets) {
          ss[out] = from;
          es[out] = i;
        }
        out++;
        lastHan = han;
      } else if (u !== DROP) {
        if (pendingSpace < 0) pendingSpace = from;
        const level = u === SENTENCE ? 2 : u === CLAUSE ? 1 : 0;
        if (level > pendingBreak) pendingBreak = level;
      }
    }
  }
  n = out;
  clauseBreaks = clauses;
  sentenceBreaks = sentences;
  if (out <= 8192) return String.fromCharCode.apply(null, cs);
  let text = '';
  for (let j = 0; j < out; j += 8192) text += String.fromCharCode.apply(null, cs.slice(j, Math.min(out, j + 8192)));
  return text;
}

/** The normalised form of a phrase as written in a rule (no offsets needed). */
export function normalisePhrase(phrase: string): string {
  return normalise(phrase).text;
}

/**
 * A regex source with each Han character in its normalised form, so a pattern says 么 or 麼 and
 * meets the text as normalised (a character on its own converts to its commonest simplified form,
 * and 么 itself becomes 幺: a pattern written with 么 would otherwise never match). Han characters
 * are always literals in RE2 syntax; everything else in the pattern is left as written.
 */
export function normaliseRegexSource(source: string): string {
  let out = '';
  for (const ch of source) {
    const c = ch.codePointAt(0)!;
    out += c <= 0xffff && isHanCode(c) ? normalisePhrase(ch) || ch : ch;
  }
  return out;
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
export function wordStartPrefix(text: string, into?: Int32Array): Int32Array {
  const p = into && into.length > text.length ? into : new Int32Array(text.length + 1);
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    p[i] = count;
    if (isHanCode(c) || (isWordCode(c) && (i === 0 || !isWordCode(text.charCodeAt(i - 1))))) count++;
  }
  p[text.length] = count;
  return p;
}
