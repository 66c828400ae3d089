import type { Finding } from '../../domain/finding.ts';

/** What two findings must share to be "the same hit": the call, the rule and part of the time span. */
export type SpanFinding = Pick<Finding, 'callId' | 'ruleId' | 'startMs' | 'endMs'>;

/**
 * Two findings are the same hit when they are on the same call, of the same rule id, and their
 * [startMs, endMs] spans overlap (closed intervals). Closed, so that call-level findings (0–0, or
 * the call's whole length) match each other, and a segment finding matches its own segment even
 * after a draft rule narrowed or widened the words it quotes. The rule *version* is ignored on
 * purpose: a draft changes versions, and a reviewer's verdict on the old version's hit is exactly
 * the evidence a backtest weighs.
 */
export function sameHit(a: SpanFinding, b: SpanFinding): boolean {
  return a.callId === b.callId && a.ruleId === b.ruleId && a.startMs <= b.endMs && b.startMs <= a.endMs;
}

/** Whether any of `others` is the same hit as `f`. Lists are one call's findings: a few, so a scan is fine. */
export function hasSameHit(f: SpanFinding, others: readonly SpanFinding[]): boolean {
  for (const o of others) if (sameHit(f, o)) return true;
  return false;
}
