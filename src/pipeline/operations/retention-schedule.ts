import { systemClock, type Clock } from '../../domain/clock.ts';
import { startPeriodicTask } from './periodic-task.ts';
import type { RetentionPolicy } from '../../domain/retention-policy.ts';
import type { Logger } from '../../logger.ts';
import type { AudioStore } from '../../store/audio-store.ts';
import type { Db } from '../../store/db.ts';
import { claimPeriodicRun } from '../../store/retention/retention-sql.ts';
import { runRetentionPurge, type RetentionPurgeReport } from './retention-purge.ts';

/**
 * The daily purge inside every worker process: each process looks every `checkEveryMs` whether a
 * purge started in the last `periodMs`; the first to find none claims the run in the database (so a
 * fleet purges once a day, and a process that died mid-purge is replaced the next day by any other)
 * and purges. The policy is read at each run, so an edit of rules/retention.yaml applies the next day;
 * an invalid one is logged as an error and nothing is purged until it is fixed.
 */
export interface RetentionScheduleOptions {
  db: Db;
  audio: Pick<AudioStore, 'delete'>;
  loadPolicy: () => RetentionPolicy;
  logger: Logger;
  holder: string;
  periodMs: number;
  checkEveryMs: number;
  clock?: Clock;
  batchSize?: number;
}

export type RetentionTick =
  | { outcome: 'purged'; report: RetentionPurgeReport }
  | { outcome: 'skipped' }
  | { outcome: 'failed'; error: Error };

export interface RunningRetentionSchedule {
  tick(): Promise<RetentionTick>;
  /** No more runs; a purge in progress stops after its current batch. */
  stop(): Promise<void>;
}

class PurgeStopped extends Error {}

export function startRetentionSchedule(opts: RetentionScheduleOptions): RunningRetentionSchedule {
  const logger = opts.logger.child({ component: 'retention' });
  const clock = opts.clock ?? systemClock;
  async function once(stopping: AbortSignal): Promise<RetentionTick> {
    // The policy first: an invalid file must not leave a claimed, empty run behind for the day.
    const policy = opts.loadPolicy();
    const runId = await opts.db.transaction((tx) => claimPeriodicRun(tx, clock.now(), opts.periodMs, opts.holder));
    if (runId === null) return { outcome: 'skipped' };
    const report = await runRetentionPurge({
      db: opts.db, audio: opts.audio, policy, clock, holder: opts.holder, runId,
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
      betweenBatches: async () => {
        if (stopping.aborted) throw new PurgeStopped('stopped between batches: the process is shutting down');
      },
    });
    // Counts only: the ids are in the audit log.
    const { runId: _id, ...counts } = report;
    logger.info({ runId, ...counts }, 'retention purge done');
    return { outcome: 'purged', report };
  }

  return startPeriodicTask<RetentionTick>({
    clock,
    intervalMs: opts.checkEveryMs,
    work: once,
    onError: (error) => {
      if (error instanceof PurgeStopped) logger.info(error.message);
      else logger.error({ err: error.message }, 'retention purge failed; the next check tries again');
      return { outcome: 'failed', error };
    },
  });
}
