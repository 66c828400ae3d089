import type { BankGroup } from '../domain/bank-groups.ts';
import { isClosedStatus, type CaseDeadlineFacts, type CaseKind, type CaseStatus, type DeadlineName, type DeadlineState } from '../domain/case.ts';
import type { DeadlinesPolicy } from '../rules/rule-schema.ts';
import type { Queryable } from '../store/db.ts';
import { repositories } from '../store/index.ts';
import { caseDeadlinesUnder } from './deadlines.ts';

/**
 * The procedure's deadlines counted by case kind, case status, deadline and where each stands: the
 * `callguard_case_deadlines` gauge (docs/operations.md, "Metrics"). Each case's deadlines are
 * computed by `caseDeadlinesUnder`, as the case page shows them, never by a second reading of the
 * columns in SQL that could drift from it.
 *
 * - `due`, `warning`, `critical`: running, before the first warning threshold, past it, past the last;
 * - `overdue`: past due and not met, the case still open;
 * - `met`, `met_late`: stopped by what the procedure says meets it, in time or after its due time;
 * - `missed`: the case closed with it past due and never met.
 * A clock that has not started (`pending`) or that a case closed without needing (`not_applicable`)
 * is not counted: it was never owed.
 */
export const DEADLINE_METRIC_STATES = ['due', 'warning', 'critical', 'overdue', 'met', 'met_late', 'missed'] as const;
export type DeadlineMetricState = (typeof DEADLINE_METRIC_STATES)[number];

export interface DeadlineCount {
  kind: CaseKind;
  status: CaseStatus;
  deadline: DeadlineName;
  state: DeadlineMetricState;
  n: number;
}

/** Where a deadline stands for the metric; null when it is not counted. */
export function deadlineMetricState(d: DeadlineState, caseStatus: CaseStatus): DeadlineMetricState | null {
  switch (d.state) {
    case 'running': return 'due';
    case 'warning':
    case 'critical':
    case 'met':
    case 'met_late':
      return d.state;
    // deadlines.ts keeps `breached` for a clock that was past due when its case closed.
    case 'breached': return isClosedStatus(caseStatus) ? 'missed' : 'overdue';
    case 'pending':
    case 'not_applicable':
      return null;
  }
}

/** Adds cases' deadlines up, a page at a time. */
export class DeadlineTally {
  private readonly counts = new Map<string, DeadlineCount>();

  add(c: Pick<CaseDeadlineFacts, 'kind' | 'status'>, deadlines: readonly DeadlineState[]): void {
    for (const d of deadlines) {
      const state = deadlineMetricState(d, c.status);
      if (state === null) continue;
      const key = `${c.kind}\u0000${c.status}\u0000${d.name}\u0000${state}`;
      const row = this.counts.get(key);
      if (row) row.n++;
      else this.counts.set(key, { kind: c.kind, status: c.status, deadline: d.name, state, n: 1 });
    }
  }

  rows(): DeadlineCount[] {
    return [...this.counts.values()];
  }
}

export interface DeadlineTallyOptions {
  deadlines: DeadlinesPolicy;
  bankGroups: readonly BankGroup[];
  now: Date;
  /** Cases read per query. */
  pageSize?: number;
}

/**
 * Every case's deadlines at `now`, counted. Closed cases are read too: their met, late and missed
 * deadlines are the procedure's record (until retention removes the case); pages by id keep each
 * query short whatever the number of cases, and only the columns the deadlines are computed from
 * are read (`CaseDeadlineFacts`: the compiler refuses a deadline that reads any other).
 */
export async function tallyCaseDeadlines(q: Queryable, options: DeadlineTallyOptions): Promise<DeadlineCount[]> {
  const cases = repositories(q).cases;
  const pageSize = options.pageSize ?? 2000;
  const tally = new DeadlineTally();
  for (let afterId = 0; ;) {
    const page = await cases.listDeadlineFacts(pageSize, afterId);
    for (const c of page) tally.add(c, caseDeadlinesUnder(c, options.deadlines, options.bankGroups, options.now));
    if (page.length < pageSize) break;
    afterId = page[page.length - 1]!.id;
  }
  return tally.rows();
}
