import type { Severity } from '../domain/severity.ts';
import type { Policy } from '../rules/rule-schema.ts';

/**
 * When a scanned call becomes (part of) a case. Pure: the caller supplies the call's findings, its
 * risk score (the rule engine's scoreFindings under the same policy) and whether the borrower
 * already has an open case.
 *
 * - A case is warranted when the score reaches `open_case_at`, or when any finding is critical and
 *   `open_case_on_critical` is on (one threat is enough, whatever the score).
 * - With no open case, a warranted call opens one.
 * - With an open case, a warranted call joins it; so does a call with any finding at all, because
 *   the supervisor investigating that borrower needs every flagged call, not only the worst.
 * - Otherwise nothing happens (findings stay on the call for QA review).
 */
export type TriageDecision =
  | { action: 'open'; reason: 'critical_finding' | 'risk_threshold' }
  | { action: 'join'; warranted: boolean }
  | { action: 'none'; why: 'no_findings' | 'below_threshold' };

export function decideTriage(input: {
  findings: readonly { severity: Severity }[];
  score: number;
  hasOpenCase: boolean;
  policy: Pick<Policy, 'open_case_at' | 'open_case_on_critical'>;
}): TriageDecision {
  const { findings, score, hasOpenCase, policy } = input;
  const critical = policy.open_case_on_critical && findings.some((f) => f.severity === 'critical');
  const overThreshold = score >= policy.open_case_at;
  const warranted = critical || overThreshold;
  if (hasOpenCase) {
    if (warranted || findings.length > 0) return { action: 'join', warranted };
    return { action: 'none', why: 'no_findings' };
  }
  if (warranted) return { action: 'open', reason: critical ? 'critical_finding' : 'risk_threshold' };
  return { action: 'none', why: findings.length === 0 ? 'no_findings' : 'below_threshold' };
}
