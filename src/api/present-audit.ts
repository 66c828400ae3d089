import type { AuditEvent } from '../store/review-app/audit-events.ts';
import { maskPii, numeralDigit } from '../privacy/pii-mask.ts';

/**
 * Runs of this many numerals or more that are not recognisably a personal number (a piece of one
 * typed into a search, an account number of an unknown shape) are masked whole in the audit log:
 * an auditor needs to see that a number was used, not which.
 */
const UNSURE_RUN = 5;

export function maskAuditText(text: string): string {
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

/**
 * Every string in an audit event's before/after is masked, at any depth: they may hold text people
 * typed (a report draft, a search query), and people type card and phone numbers. Keys are field
 * names and stay as they are.
 */
export function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskAuditText(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  }
  return value;
}

/** What GET /api/audit sends: masked for every role that sees masked text. */
export function presentAuditEvent(e: AuditEvent, unmasked: boolean) {
  if (unmasked) return e;
  return { ...e, entityId: maskAuditText(e.entityId), before: maskDeep(e.before ?? null), after: maskDeep(e.after ?? null) };
}
