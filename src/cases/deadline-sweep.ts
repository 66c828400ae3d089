import type { BankGroup } from '../domain/bank-groups.ts';
import { DEADLINE_SWEEP_ACTOR } from '../domain/case.ts';
import type { DeadlinesPolicy } from '../rules/rule-schema.ts';
import type { Queryable } from '../store/db.ts';
import { repositories } from '../store/index.ts';
import { caseDeadlinesUnder } from './deadlines.ts';

/**
 * Writes a `deadline_warning` (75 %, 90 % of the time used, by default) or `deadline_breached`
 * case event for every running deadline of every open case that has reached a threshold: the
 * events notifications are made from (src/notify reads case_events). Body:
 * `{ "deadline": "<name>", "dueAt": "<ISO>", "threshold": 0.75 | 0.9 | 1 }`.
 *
 * Only the highest threshold reached is written: a case found already past its due time (the sweep
 * did not run for a while) gets its breach, not three events at once. Each (case, deadline, due
 * time, threshold) is written once, by whichever sweep gets there first: sweeps in several
 * processes, or one sweep run twice, write nothing more. A deadline whose due time moves (a new
 * promise, a reopened case) warns again for the new time.
 */
export interface DeadlineSweepOptions {
  deadlines: DeadlinesPolicy;
  bankGroups: readonly BankGroup[];
  now: Date;
  /** Cases read per query. */
  pageSize?: number;
}

export interface DeadlineSweepReport {
  cases: number;
  /** Events this sweep wrote (not those another sweep wrote first). */
  written: number;
}

export async function sweepDeadlines(q: Queryable, options: DeadlineSweepOptions): Promise<DeadlineSweepReport> {
  const r = repositories(q);
  const pageSize = options.pageSize ?? 500;
  let afterId = 0;
  let cases = 0;
  let written = 0;
  for (;;) {
    const page = await r.cases.listOpen(pageSize, afterId);
    if (page.length === 0) break;
    for (const c of page) {
      cases++;
      for (const d of caseDeadlinesUnder(c, options.deadlines, options.bankGroups, options.now)) {
        if (d.threshold === null || d.dueAt === null || d.metAt !== null) continue;
        if (d.state !== 'warning' && d.state !== 'critical' && d.state !== 'breached') continue;
        const wrote = await r.caseEvents.appendDeadlineEvent({
          caseId: c.id, actor: DEADLINE_SWEEP_ACTOR, kind: d.threshold >= 1 ? 'deadline_breached' : 'deadline_warning',
          deadline: d.name, dueAt: d.dueAt, threshold: d.threshold, at: options.now,
        });
        if (wrote) written++;
      }
    }
    afterId = page[page.length - 1]!.id;
    if (page.length < pageSize) break;
  }
  return { cases, written };
}
