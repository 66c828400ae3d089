import path from 'node:path';
import type { Category } from '../../../src/domain/category.ts';

/** The fixture calls (fixtures/calls/, documented by the audio engineer's generator) and what they must raise. */
export const FIXTURE_DIR = path.resolve('fixtures/calls');

/** Categories each call must raise; `only` means nothing else may be raised. */
export const EXPECTED: Record<string, { categories: Category[]; only?: boolean }> = {
  'zh-compliant': { categories: ['vulnerability'], only: true },
  'zh-abusive': { categories: ['abuse', 'threat', 'disclosure_missing', 'complaint_risk'] },
  'zh-impersonation': { categories: ['impersonation', 'threat', 'contact_time', 'complaint_risk'] },
  'en-compliant': { categories: [], only: true },
  'en-violation': { categories: ['threat', 'abuse', 'disclosure_missing', 'contact_time', 'cease_request', 'complaint_risk'] },
  // A connected call the dialer did not record.
  'D-0005': { categories: ['recording'], only: true },
};

/** Borrowers whose calls must open a case (B-1004: a connected call the dialer did not record), and those that must not. */
export const CASE_BORROWERS = ['B-1002', 'B-1003', 'B-1004', 'B-2002'];
export const NO_CASE_BORROWERS = ['B-1001', 'B-2001'];
/** Four earlier conversations with the borrower of zh-abusive on one day: the frequency rule fires on one of them. */
export const FREQUENCY_BORROWER_CALLS = ['D-0001', 'D-0002', 'D-0003', 'D-0004', 'zh-abusive'];
export const ALL_FIXTURE_CALLS = ['zh-compliant', 'zh-abusive', 'zh-impersonation', 'en-compliant', 'en-violation', 'D-0001', 'D-0002', 'D-0003', 'D-0004', 'D-0005'];
