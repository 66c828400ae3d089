import type { Finding } from '../domain/finding.ts';
import type { Severity } from '../domain/severity.ts';
import type { Policy } from './rule-schema.ts';

export interface RiskScore {
  score: number;
  openCase: boolean;
  /** Why, one line per rule that contributed, then the decision. */
  reasons: string[];
}

/**
 * A call's risk score: each rule that raised findings adds its severity's weight once (a collector
 * who swears ten times is one abuse finding group for the case, and the ten quotes stay visible as
 * findings). A case opens at `open_case_at`, or on any critical finding when `open_case_on_critical`.
 */
export function scoreFindings(findings: readonly Finding[], policy: Pick<Policy, 'severity_weights' | 'open_case_at' | 'open_case_on_critical'>): RiskScore {
  const byRule = new Map<string, { severity: Severity; count: number }>();
  for (const f of findings) {
    const seen = byRule.get(f.ruleId);
    if (seen) seen.count++;
    else byRule.set(f.ruleId, { severity: f.severity, count: 1 });
  }
  let score = 0;
  const reasons: string[] = [];
  let critical = false;
  for (const [ruleId, { severity, count }] of byRule) {
    const weight = policy.severity_weights[severity];
    score += weight;
    if (severity === 'critical') critical = true;
    reasons.push(`${ruleId} (${severity}${count > 1 ? `, ${count} findings` : ''}) +${weight}`);
  }
  const byScore = score >= policy.open_case_at;
  const byCritical = critical && policy.open_case_on_critical;
  if (byScore) reasons.push(`score ${score} ≥ open_case_at ${policy.open_case_at}: open a case`);
  else if (byCritical) reasons.push('a critical finding: open a case');
  return { score, openCase: byScore || byCritical, reasons };
}
