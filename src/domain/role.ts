import { z } from 'zod';

/** The people who use the review app. Every API route names the roles it allows (route-table.ts). */
export const ROLES = ['qa_reviewer', 'supervisor', 'compliance_officer', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/**
 * Who sees ID-card, bank-card and phone numbers unmasked on screen. Supervisors call borrowers back
 * and answer to the bank about a named person; QA reviewers, compliance officers and admins judge
 * what was said and never need the numbers. Exports (the report to the bank) are masked for everyone.
 */
const SEES_UNMASKED_PII: ReadonlySet<Role> = new Set<Role>(['supervisor']);

export function seesUnmaskedPii(role: Role): boolean {
  return SEES_UNMASKED_PII.has(role);
}
