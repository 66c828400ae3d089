/**
 * Worker entry: `node --import tsx workers/main.ts` (or `callguard worker`). Starts the stages named
 * in WORKER_QUEUES (all when unset) against DATABASE_URL and REDIS_URL; stops gracefully on SIGTERM.
 */
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { parseQueueList } from '../src/pipeline/job-table.ts';
import { runWorkerProcess, stopOnSignals } from './run-workers.ts';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
try {
  const proc = await runWorkerProcess(config, logger, { queues: parseQueueList(config.WORKER_QUEUES) });
  stopOnSignals(proc, logger);
} catch (err) {
  logger.fatal({ err: err instanceof Error ? err.message : String(err) }, 'worker could not start');
  process.exitCode = 1;
}
