import type { Config } from '../config.ts';

/**
 * Who the report is from: the agency's name and letterhead lines at the top, the signature block at
 * the end (the bank receives a document it can file as the agency's). From configuration.
 */
export interface AgencyLetterhead {
  name: string;
  /** Lines under the name: address, licence number, telephone. */
  lines: string[];
  /** Lines of the signature block: who signs, their title; a line for the signature and date is added. */
  signature: string[];
}

const splitLines = (v: string | undefined) => (v ?? '').split('|').map((s) => s.trim()).filter(Boolean);

export function letterheadFromConfig(config: Pick<Config, 'REPORT_AGENCY_NAME' | 'REPORT_LETTERHEAD' | 'REPORT_SIGNATURE'>): AgencyLetterhead {
  return { name: config.REPORT_AGENCY_NAME, lines: splitLines(config.REPORT_LETTERHEAD), signature: splitLines(config.REPORT_SIGNATURE) };
}
