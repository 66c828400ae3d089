import { systemClock, type Clock } from '../../domain/clock.ts';
import { startPeriodicTask } from './periodic-task.ts';
import type { Logger } from '../../logger.ts';
import type { Queryable } from '../../store/db.ts';
import type { JobTable } from '../transport/job-table.ts';
import type { PipelineQueues } from '../transport/queues.ts';
import { sweepStalledCalls, type StalledSweepReport } from './stalled-calls.ts';
import { SweepLease, SweepLeaseLostError } from './sweep-lease.ts';

/**
 * The stalled-call sweep on a timer, inside every worker process; the lease makes one process at
 * a time sweep, once per interval across the fleet. A sweep that fails (database or Redis down) is
 * logged and the next tick tries again: the sweeper is what notices lost calls, so it must
 * outlive the outages that lose them.
 */
export interface StalledSweeperOptions {
  db: Queryable;
  queues: PipelineQueues;
  table: JobTable;
  logger: Logger;
  /** Time between the end of one tick and the start of the next. */
  intervalMs: number;
  /** A call whose status has not moved for this long, with no live job, is re-queued. */
  olderThanMs: number;
  /** How long the lease outlives a holder that died mid-sweep. */
  leaseTtlMs?: number;
  /** Written into the lease for whoever inspects it (host:pid). */
  holder: string;
  /** Times the ticks and what counts as idle (tests pass one they move by hand). */
  clock?: Clock;
}

/** What one tick did: swept (with its report), skipped (someone else holds the lease) or failed. */
export type SweepTick = { outcome: 'swept'; report: StalledSweepReport } | { outcome: 'skipped' } | { outcome: 'failed'; error: Error };

export interface RunningSweeper {
  /** One tick now (tests, and the timer). */
  tick(): Promise<SweepTick>;
  /** No more ticks; waits for a sweep in progress. */
  stop(): Promise<void>;
}

/** Long enough for a page of a sweep on a slow database; short enough that a dead holder is replaced within a tick or two. */
export const DEFAULT_LEASE_TTL_MS = 60_000;

/** At most this many call ids in one log line: enough to act on, bounded under a mass loss. */
const LOGGED_IDS = 50;

export function startStalledSweeper(opts: StalledSweeperOptions): RunningSweeper {
  const logger = opts.logger.child({ component: 'stalled-sweeper' });
  const leaseTtlMs = opts.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  const clock = opts.clock ?? systemClock;
  async function sweepOnce(): Promise<SweepTick> {
    const { client, keyPrefix } = await opts.queues.redisForOwnKeys();
    const lease = await SweepLease.acquire(client, keyPrefix, { ttlMs: leaseTtlMs, holder: opts.holder });
    if (!lease) {
      logger.debug('another process is sweeping or swept this interval');
      return { outcome: 'skipped' };
    }
    const started = clock.nowMs();
    try {
      const report = await sweepStalledCalls(opts.db, opts.queues, opts.table, {
        olderThanMs: opts.olderThanMs,
        clock,
        beforePage: async () => {
          if (!(await lease.extend())) throw new SweepLeaseLostError();
        },
      });
      const counts = { idle: report.idle, carried: report.carried, notYetDue: report.notYetDue, stalled: report.stalled.length, removedJobs: report.removedJobs, ms: clock.nowMs() - started };
      if (report.stalled.length > 0) {
        logger.warn({ ...counts, callIds: report.stalled.slice(0, LOGGED_IDS).map((s) => s.callId) }, 'stalled calls queued again');
      } else {
        logger.debug(counts, 'no stalled calls');
      }
      // Resting out the interval keeps the other processes from sweeping the same calls again.
      await lease.finish(opts.intervalMs - (clock.nowMs() - started));
      return { outcome: 'swept', report };
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      logger.error({ err: error.message, nextTryInMs: opts.intervalMs }, 'stalled-call sweep failed');
      // Free the lease so the next tick (here or elsewhere) tries again; when Redis itself is what
      // failed this fails too, and the lease expires on its own.
      await lease.release().catch((e: unknown) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'could not free the sweep lease; it expires by itself'));
      return { outcome: 'failed', error };
    }
  }

  // The lease read itself failing (Redis down) is the same as a failed sweep.
  const task = startPeriodicTask<SweepTick>({
    clock,
    intervalMs: opts.intervalMs,
    work: sweepOnce,
    onError: (error) => {
      logger.error({ err: error.message, nextTryInMs: opts.intervalMs }, 'stalled-call sweep failed');
      return { outcome: 'failed', error };
    },
  });
  logger.info({ intervalMs: opts.intervalMs, olderThanMs: opts.olderThanMs }, 'stalled-call sweeper started');
  return task;
}
