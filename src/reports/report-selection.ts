import type { StoredCall, StoredFinding } from '../store/index.ts';

/**
 * Which of the case's calls go into the report, and which findings are cited (their transcript
 * excerpt printed, their clip cut for the evidence bundle). Stored with the report draft; null
 * fields mean "the default".
 */
export interface ReportSelection {
  callIds: string[];
  /** null = every finding of the chosen calls that is not dismissed. */
  findingIds: number[] | null;
}

/**
 * The default: the calls the investigation chose, or, before any were chosen, the complainant's
 * calls with findings; and in either case every call whose recording is missing or failed, because
 * the bank must see what could not be checked rather than an absence of findings.
 */
export function defaultSelection(input: {
  calls: readonly { call: Pick<StoredCall, 'id' | 'source' | 'audioSha256' | 'status'>; findings: readonly Pick<StoredFinding, 'verdict'>[] }[];
  chosenCallIds: readonly string[];
}): ReportSelection {
  const chosen = new Set(input.chosenCallIds);
  const unchecked = (c: Pick<StoredCall, 'source' | 'audioSha256' | 'status'>) => c.status === 'failed' || c.source === 'dialer_record' || !c.audioSha256;
  const callIds = input.calls
    .filter(({ call, findings }) => (chosen.size > 0 ? chosen.has(call.id) : findings.some((f) => f.verdict !== 'dismissed')) || unchecked(call))
    .map(({ call }) => call.id);
  return { callIds, findingIds: null };
}
