import { retentionCutoffs, type RetentionPolicy } from '../../domain/retention-policy.ts';
import type { Queryable } from '../../store/db.ts';
import { countDueAudit, countDueCalls, countDueCases } from '../../store/retention/retention-sql.ts';
import { callCutoffsOf, caseCutoffsOf } from './retention-purge.ts';

/**
 * What a purge would remove now and within the coming days, per bank and kind: the same selection
 * as the purge (held cases, calls in cases and calls still in the pipeline are never counted),
 * evaluated at later instants. Reads only.
 */
export interface RetentionReportRow {
  bank: string;
  kind: 'audio' | 'transcript' | 'findings' | 'cases' | 'audit';
  /** Rows due at each horizon (days from now; 0 = now), in the order asked. */
  due: number[];
}

export interface RetentionReport {
  at: Date;
  horizonsDays: number[];
  rows: RetentionReportRow[];
}

const DAY = 86_400_000;

export async function retentionReport(q: Queryable, policy: RetentionPolicy, now: Date, horizonsDays: readonly number[]): Promise<RetentionReport> {
  const table = new Map<string, RetentionReportRow>();
  const add = (bank: string, kind: RetentionReportRow['kind'], i: number, n: number) => {
    const key = `${bank}\u0000${kind}`;
    let row = table.get(key);
    if (!row) table.set(key, (row = { bank, kind, due: horizonsDays.map(() => 0) }));
    row.due[i] = n;
  };
  for (const [i, days] of horizonsDays.entries()) {
    const cutoffs = retentionCutoffs(policy, new Date(now.getTime() + days * DAY));
    for (const r of await countDueCalls(q, callCutoffsOf(cutoffs))) add(r.bank, r.kind, i, r.due);
    for (const r of await countDueCases(q, caseCutoffsOf(cutoffs))) add(r.bank, r.kind, i, r.due);
    // The audit log is one chain across banks.
    add('*', 'audit', i, await countDueAudit(q, cutoffs.audit));
  }
  const order = ['audio', 'transcript', 'findings', 'cases', 'audit'];
  const rows = [...table.values()]
    .filter((r) => r.due.some((n) => n > 0))
    .sort((a, b) => a.bank.localeCompare(b.bank) || order.indexOf(a.kind) - order.indexOf(b.kind));
  return { at: now, horizonsDays: [...horizonsDays], rows };
}
