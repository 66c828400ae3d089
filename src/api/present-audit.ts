import type { AuditEvent } from '../store/review-app/audit-events.ts';
import { maskNumbersWhenUnsure } from '../privacy/redact-reason.ts';

/** Audit text: personal numbers masked, and every other long run of numerals too. */
export const maskAuditText = maskNumbersWhenUnsure;

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
