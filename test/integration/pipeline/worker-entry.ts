/**
 * A worker process for the crash tests: `callguard worker` with short stall settings (a killed
 * worker's job is recovered in seconds, not the production 30 s). Prints "ready" once listening.
 * Usage: tsx worker-entry.ts <lockDurationMs> <stalledIntervalMs> [queues]
 */
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/logger.ts';
import { parseQueueList } from '../../../src/pipeline/transport/job-table.ts';
import { runWorkerProcess, stopOnSignals } from '../../../workers/run-workers.ts';

const [lockMs, stalledMs, queues] = process.argv.slice(2);
const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
const proc = await runWorkerProcess(config, logger, {
  queues: parseQueueList(queues),
  stall: { lockDurationMs: Number(lockMs), stalledIntervalMs: Number(stalledMs) },
});
stopOnSignals(proc, logger);
process.stdout.write('ready\n');
