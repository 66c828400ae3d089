import { Queue } from 'bullmq';
import type { QueueConnection } from './queues.ts';

/**
 * The queue of backtest runs in server mode: a run started in the review app is a job naming the
 * run by its id (the draft and scope are in its row), taken by any worker process. One attempt:
 * a run that fails records why on its row, and the officer starts another. A worker that dies
 * mid-run is a different matter: the queue hands the job on and the next worker starts the run
 * again (workers/start-backtest-worker.ts).
 */
export const BACKTEST_QUEUE = 'backtest';

export interface BacktestJob {
  runId: number;
}

export function openBacktestQueue(conn: QueueConnection): Queue<BacktestJob> {
  return new Queue<BacktestJob>(BACKTEST_QUEUE, { connection: conn.connection, prefix: conn.prefix });
}

export async function enqueueBacktestRun(queue: Queue<BacktestJob>, runId: number): Promise<void> {
  // The run id as the job id: the same run queued twice is one job.
  await queue.add('run', { runId }, {
    jobId: `backtest-${runId}`, attempts: 1,
    removeOnComplete: { age: 7 * 24 * 3600, count: 1000 }, removeOnFail: { age: 30 * 24 * 3600, count: 1000 },
  });
}
