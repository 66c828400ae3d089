import { Worker } from 'bullmq';
import type { Logger } from '../src/logger.ts';
import { executeBacktestRun } from '../src/pipeline/backtest-run.ts';
import { BACKTEST_QUEUE, type BacktestJob } from '../src/pipeline/transport/backtest-queue.ts';
import type { QueueConnection } from '../src/pipeline/transport/queues.ts';
import type { Db } from '../src/store/db.ts';

/**
 * BullMQ glue for backtest runs: one run at a time per worker process (a run keeps a core busy
 * for its whole scope). The run records its own outcome; the job only carries the run's id.
 */
export function startBacktestWorker(opts: { db: Db; connection: QueueConnection; rulesDir: string; logger: Logger; name?: string }): Worker<BacktestJob> {
  const worker = new Worker<BacktestJob>(
    BACKTEST_QUEUE,
    async (job) => {
      await executeBacktestRun(opts.db, job.data.runId, opts.rulesDir, opts.logger);
    },
    { connection: opts.connection.connection, prefix: opts.connection.prefix, concurrency: 1, ...(opts.name ? { name: opts.name } : {}) },
  );
  worker.on('error', (err) => opts.logger.error({ err }, 'backtest worker error'));
  return worker;
}
