import { Worker } from 'bullmq';
import type { Logger } from '../src/logger.ts';
import { executeBacktestRun } from '../src/pipeline/backtest-run.ts';
import { BACKTEST_QUEUE, type BacktestJob } from '../src/pipeline/transport/backtest-queue.ts';
import type { QueueConnection } from '../src/pipeline/transport/queues.ts';
import { failBacktestRun } from '../src/store/review-app/backtest-runs.ts';
import type { Db } from '../src/store/db.ts';
import { DEFAULT_STALL, type StallSettings } from './start-workers.ts';

/**
 * BullMQ glue for backtest runs: one run at a time per worker process (a run keeps a core busy
 * for its whole scope). The run records its own outcome; the job only carries the run's id.
 *
 * A worker killed mid-run leaves its row `running`. Its job's lock then runs out and the queue
 * hands the job to another worker with `stalledCounter` raised: that worker takes the run over and
 * starts it again. A job that stalls more often than `maxStalledCount` is failed by the queue
 * without reaching a processor; the `failed` event then fails the run with the reason, so no row
 * stays `running` for ever.
 */
export function startBacktestWorker(opts: {
  db: Db; connection: QueueConnection; rulesDir: string; logger: Logger; name?: string; stall?: Partial<StallSettings>;
}): Worker<BacktestJob> {
  const stall = { ...DEFAULT_STALL, ...opts.stall };
  const worker = new Worker<BacktestJob>(
    BACKTEST_QUEUE,
    async (job) => {
      await executeBacktestRun(opts.db, job.data.runId, opts.rulesDir, opts.logger, Date.now, { takeOver: job.stalledCounter > 0 });
    },
    {
      connection: opts.connection.connection, prefix: opts.connection.prefix, concurrency: 1,
      lockDuration: stall.lockDurationMs, stalledInterval: stall.stalledIntervalMs, maxStalledCount: stall.maxStalledCount,
      ...(opts.name ? { name: opts.name } : {}),
    },
  );
  worker.on('error', (err) => opts.logger.error({ err }, 'backtest worker error'));
  worker.on('failed', (job, err) => {
    if (!job) return;
    // Only a row still queued or running changes: a run that recorded its own failure keeps its reason.
    failBacktestRun(opts.db, job.data.runId, `the worker process running it stopped (${err.message}); start the run again`).catch((e: unknown) => {
      opts.logger.error({ err: e, backtestRun: job.data.runId }, 'backtest run could not be marked failed');
    });
  });
  return worker;
}
