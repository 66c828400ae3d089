/**
 * Worker entry: `node --import tsx workers/main.ts [--queues a,b] [--concurrency stage=N,…]` (or
 * `callguard worker`, which starts this). Starts the stages named by --queues, else WORKER_QUEUES
 * (all when unset), against DATABASE_URL and REDIS_URL; stops gracefully on SIGTERM.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { parseConcurrencyList, parseQueueList } from '../src/pipeline/transport/job-table.ts';
import { runWorkerProcess, stopOnSignals } from './run-workers.ts';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
try {
  const { values } = parseArgs({ options: { queues: { type: 'string' }, concurrency: { type: 'string' } } });
  const proc = await runWorkerProcess(config, logger, {
    queues: parseQueueList(values.queues ?? config.WORKER_QUEUES),
    ...(values.concurrency ? { concurrency: parseConcurrencyList(values.concurrency) } : {}),
  });
  stopOnSignals(proc, logger);
} catch (err) {
  logger.fatal({ err: err instanceof Error ? err.message : String(err) }, 'worker could not start');
  process.exitCode = 1;
}
