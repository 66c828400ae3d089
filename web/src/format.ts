import type { Translate } from './i18n/i18n.tsx';

/** 75_300 ms → "1:15". */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function span(ms: number, t: Translate): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const h = Math.floor(minutes / 60);
  return h > 0 ? t('time.hm', { h, m: minutes % 60 }) : t('time.m', { m: minutes });
}

/**
 * Splits text into plain and highlighted parts for the matched terms (case-insensitive). Returns
 * strings only: React renders them as text, never as HTML.
 */
export function highlight(text: string, terms: readonly string[]): { text: string; hit: boolean }[] {
  const wanted = terms.filter((t) => t.trim().length > 0);
  if (wanted.length === 0) return [{ text, hit: false }];
  const lower = text.toLocaleLowerCase();
  const marks = new Array<boolean>(text.length).fill(false);
  for (const term of wanted) {
    const needle = term.toLocaleLowerCase();
    let from = 0;
    for (;;) {
      const i = lower.indexOf(needle, from);
      if (i < 0) break;
      for (let k = i; k < i + needle.length; k++) marks[k] = true;
      from = i + Math.max(1, needle.length);
    }
  }
  const parts: { text: string; hit: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = parts[parts.length - 1];
    if (last && last.hit === marks[i]) last.text += text[i];
    else parts.push({ text: text[i]!, hit: marks[i]! });
  }
  return parts;
}

/**
 * A call's start as the borrower lived it: the wall time and offset of the ISO string, not
 * converted to the reviewer's zone (the hours rules judge the borrower's local time).
 */
export function callTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${m[1]} ${m[2]} (${m[3] === 'Z' ? 'UTC' : `UTC${m[3]}`})`;
}
