import { z } from 'zod';
import type { Category } from './category.ts';

/**
 * What a reviewer may say about a finding. Agent conduct (abuse, threats, missing disclosure…) is
 * confirmed or dismissed: the machine was right or wrong about the agent. Borrower signals —
 * complaint risk, a cease request, hardship or self-harm (vulnerability) — are not the agent's fault:
 * the reviewer records that the signal was noted, or acted on (passed to the case, the bank, a
 * welfare procedure). The two kinds are scored apart so signals never count as agent violations.
 */
export const VERDICTS = ['confirmed', 'dismissed', 'noted', 'acted_on'] as const;
export const VerdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof VerdictSchema>;

export const AGENT_VERDICTS = ['confirmed', 'dismissed'] as const satisfies readonly Verdict[];
export const SIGNAL_VERDICTS = ['noted', 'acted_on'] as const satisfies readonly Verdict[];

export const BORROWER_SIGNAL_CATEGORIES: readonly Category[] = ['complaint_risk', 'cease_request', 'vulnerability'];

export function isBorrowerSignal(category: Category): boolean {
  return BORROWER_SIGNAL_CATEGORIES.includes(category);
}

/** The verdicts a finding of this category takes. */
export function verdictsFor(category: Category): readonly Verdict[] {
  return isBorrowerSignal(category) ? SIGNAL_VERDICTS : AGENT_VERDICTS;
}

/** Who raised a finding: the scanner, or a reviewer adding what the rules missed. */
export const FINDING_ORIGINS = ['rule', 'manual'] as const;
export type FindingOrigin = (typeof FINDING_ORIGINS)[number];

/** The rule id of a manual finding no rule covers ("no rule: missed"). */
export const MANUAL_MISSED_RULE_ID = 'manual.missed';
/** Its rule version: there is no rule definition to hash. */
export const MANUAL_MISSED_RULE_VERSION = 'manual';
