import { z } from 'zod';

/**
 * The fixed set of finding categories. Reviewers, reports and dashboards group by these, so
 * adding one is a product decision, not a rule-file edit.
 */
export const CATEGORIES = [
  'abuse',
  // Uncivil words that are not aimed at anyone and not obscene (不文明用语: 卧槽, 牛逼): a QA matter, kept
  // apart from abuse so that "insulted the borrower" keeps meaning that.
  'unprofessional_language',
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
  // Not a rule's verdict on the call but on its transcript: the engine could not hear it reliably,
  // so the rules' silence means nothing and a person must listen (src/asr/transcript-quality.ts).
  'transcript_quality',
] as const;
export const CategorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof CategorySchema>;
