import { sweepDeadlines, type DeadlineSweepReport } from '../../cases/deadline-sweep.ts';
import type { BankGroup } from '../../domain/bank-groups.ts';
import { systemClock, type Clock } from '../../domain/clock.ts';
import type { Logger } from '../../logger.ts';
import type { DeadlinesPolicy } from '../../rules/rule-schema.ts';
import type { Queryable } from '../../store/db.ts';
import { startPeriodicTask } from './periodic-task.ts';

/**
 * The deadline sweep (src/cases/deadline-sweep.ts) on a timer, in every worker process and in
 * `callguard serve`. No lease: each (case, deadline, threshold) event is written once by the
 * database's unique index, so processes sweeping at the same time write nothing twice. A failed
 * sweep is logged and the next tick tries again.
 */
export interface DeadlineSweeperOptions {
  db: Queryable;
  logger: Logger;
  deadlines: DeadlinesPolicy;
  bankGroups: readonly BankGroup[];
  intervalMs: number;
  clock?: Clock;
}

export type DeadlineSweepTick = { outcome: 'swept'; report: DeadlineSweepReport } | { outcome: 'failed'; error: Error };

export interface RunningDeadlineSweeper {
  tick(): Promise<DeadlineSweepTick>;
  stop(): Promise<void>;
}

export function startDeadlineSweeper(opts: DeadlineSweeperOptions): RunningDeadlineSweeper {
  const logger = opts.logger.child({ component: 'deadline-sweeper' });
  const clock = opts.clock ?? systemClock;
  return startPeriodicTask<DeadlineSweepTick>({
    clock,
    intervalMs: opts.intervalMs,
    work: async () => {
      const report = await sweepDeadlines(opts.db, { deadlines: opts.deadlines, bankGroups: opts.bankGroups, now: clock.now() });
      if (report.written > 0) logger.info(report, 'deadline warnings written');
      else logger.debug(report, 'no new deadline warnings');
      return { outcome: 'swept', report };
    },
    onError: (error) => {
      logger.error({ err: error.message, nextTryInMs: opts.intervalMs }, 'deadline sweep failed');
      return { outcome: 'failed', error };
    },
  });
}
