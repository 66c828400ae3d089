import { z } from 'zod';

/**
 * The fixed set of finding categories. Reviewers, reports and dashboards group by these, so
 * adding one is a product decision, not a rule-file edit.
 */
export const CATEGORIES = [
  'abuse',
  'threat',
  'impersonation',
  'misrepresentation',
  'third_party_disclosure',
  'disclosure_missing',
  'complaint_risk',
  'cease_request',
  'vulnerability',
  'contact_time',
  'contact_frequency',
  'recording',
] as const;
export const CategorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof CategorySchema>;
