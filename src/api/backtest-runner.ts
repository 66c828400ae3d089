import type { Queue } from 'bullmq';
import type { Logger } from '../logger.ts';
import { executeBacktestRun } from '../pipeline/backtest-run.ts';
import { enqueueBacktestRun, type BacktestJob } from '../pipeline/transport/backtest-queue.ts';
import type { Db } from '../store/db.ts';

/**
 * Where the review app hands a backtest run it created. `start` returns at once: the run goes on in
 * the background and reports through its row (status, progress, report).
 */
export interface BacktestRunner {
  /** The rules directory whose policy.yaml a draft is run with, and whose packs stand in for a language none is published for. */
  rulesDir: string;
  start(runId: number): Promise<void>;
  /** Resolves when every run started so far has ended. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs backtests in this process, one after another: a backtest reads every stored call in its
 * scope and keeps a core busy, and two at once would only halve each other's speed on a small
 * server while the app still answers reviewers.
 */
export function inProcessBacktestRunner(db: Db, rulesDir: string, logger: Logger): BacktestRunner {
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  return {
    rulesDir,
    async start(runId) {
      if (closed) throw new Error('the backtest runner is closed');
      // executeBacktestRun records its own failures on the run; what reaches here is a lost database.
      chain = chain.then(() => executeBacktestRun(db, runId, rulesDir, logger)).catch((err: unknown) => {
        logger.error({ err, backtestRun: runId }, 'backtest run could not be recorded');
      });
    },
    idle() {
      return chain;
    },
    async close() {
      closed = true;
      await chain;
    },
  };
}

/**
 * Server mode: a run is a job on the backtest queue, taken by a worker process (workers/). The
 * server does not scan; `idle` has nothing to wait for here, and `close` closes the queue.
 */
export function queuedBacktestRunner(queue: Queue<BacktestJob>, rulesDir: string): BacktestRunner {
  return {
    rulesDir,
    start: (runId) => enqueueBacktestRun(queue, runId),
    idle: async () => undefined,
    close: () => queue.close(),
  };
}
