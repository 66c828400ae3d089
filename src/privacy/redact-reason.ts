import { maskPii, numeralDigit } from './pii-mask.ts';

/**
 * Runs of this many numerals or more that are not recognisably a personal number (a piece of one
 * typed into a search, an account number of an unknown shape) are masked whole where only the fact
 * that a number was there matters: the audit log, failure reasons, logs.
 */
const UNSURE_RUN = 5;

/** maskPii, and every other run of five or more numerals masked whole; the text keeps its length. */
export function maskNumbersWhenUnsure(text: string): string {
  const masked = maskPii(text);
  const chars = Array.from(masked);
  let out = '';
  let i = 0;
  while (i < chars.length) {
    if (numeralDigit(chars[i]!) === null) {
      out += chars[i++];
      continue;
    }
    let j = i;
    while (j < chars.length && numeralDigit(chars[j]!) !== null) j++;
    const run = chars.slice(i, j);
    // '*' and '＊' keep each character's UTF-16 length, so the text's length does not change.
    out += run.length >= UNSURE_RUN ? run.map((c) => (c.charCodeAt(0) < 0x80 ? '*' : '＊')).join('') : run.join('');
    i = j;
  }
  return out;
}

/** Longest failure reason shown or logged: what failed and where, not the input it failed on. */
const MAX_REASON = 200;

/**
 * A failure reason as people and logs may see it: parsers quote the input they choke on
 * (`Unexpected token 我, "我的手机是…" is not valid JSON`), and the input is a transcript. Quoted
 * fragments are dropped, numbers masked (also the unsure ones), and the rest cut short.
 */
export function redactReason(reason: string): string {
  const unquoted = reason.replace(/"[^"]*"?|'[^']*'?|“[^”]*”?|‘[^’]*’?|「[^」]*」?|`[^`]*`?/gu, '"…"');
  const masked = maskNumbersWhenUnsure(unquoted);
  return [...masked].length > MAX_REASON ? `${[...masked].slice(0, MAX_REASON - 1).join('')}…` : masked;
}
