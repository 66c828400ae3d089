import os from 'node:os';
import type { Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import { createJobTable, type JobName } from '../src/pipeline/transport/job-table.ts';
import { createGiveUpHandler, createStageHandlers } from '../src/pipeline/transport/stage-handlers.ts';
import { startStalledSweeper, type RunningSweeper } from '../src/pipeline/operations/stalled-sweeper.ts';
import { startDeadlineSweeper, type RunningDeadlineSweeper } from '../src/pipeline/operations/deadline-sweeper.ts';
import { DEFAULT_POLICY, loadPolicy, POLICY_FILE } from '../src/rules/index.ts';
import { packBankGroups } from '../src/rules/pack-bank-groups.ts';
import path from 'node:path';
import { isServerMode, openRuntime } from '../src/runtime.ts';
import { startWorkers, type StallSettings } from './start-workers.ts';
import { startNotifier } from '../src/notify/notifier.ts';
import { notifySettingsFromConfig } from '../src/notify/notify-settings.ts';
import { systemClock } from '../src/domain/clock.ts';

export interface WorkerProcessOptions {
  queues: readonly JobName[];
  concurrency?: Partial<Record<JobName, number>>;
  stall?: Partial<StallSettings>;
  /** Overrides of the stalled-call sweeper's settings (tests); intervalMs 0 = no sweeper here. */
  sweeper?: Partial<SweeperSettings>;
}

export interface SweeperSettings {
  intervalMs: number;
  olderThanMs: number;
  leaseTtlMs: number;
}

export interface RunningWorkerProcess {
  /** Graceful stop: the stalled-call sweeper finishes its sweep, workers finish (or abort at their timeout) their active jobs, then queues, then the database. */
  stop(): Promise<void>;
}

/** Most pooled PostgreSQL connections of one worker process (see runWorkerProcess). */
const MAX_POOL = 20;

/**
 * A worker process: the stages of the named queues bound to BullMQ. Needs a shared PostgreSQL
 * (DATABASE_URL) and Redis (REDIS_URL): the embedded database belongs to one process.
 */
export async function runWorkerProcess(config: Config, logger: Logger, options: WorkerProcessOptions): Promise<RunningWorkerProcess> {
  if (!isServerMode(config)) {
    throw new Error('callguard worker needs DATABASE_URL and REDIS_URL (server mode); without them use `callguard analyze`');
  }
  const concurrency = options.concurrency ? { concurrency: options.concurrency } : {};
  const sizing = createJobTable(concurrency);
  // One pooled connection per concurrent job of this process, plus a few for give-ups, enqueues
  // and the stalled-call sweeper; capped, because ingest, scan and triage group their statements
  // (a handful in flight whatever their concurrency) and four processes must stay well inside
  // PostgreSQL's default max_connections of 100. A query beyond the cap waits for a connection.
  const maxConnections = Math.min(options.queues.reduce((n, q) => n + sizing[q].concurrency, 0) + 3, MAX_POOL);
  const runtime = await openRuntime(config, logger, { transport: 'queue', maxConnections, ...concurrency });
  const producer = runtime.queues!;
  const table = runtime.table;
  const holder = `${os.hostname()}:${process.pid}`;
  let running;
  try {
    // The stages run here: their rule packs and engine are checked before a job is taken.
    const deps = await runtime.stageDeps();
    running = await startWorkers({
      queues: options.queues,
      table,
      handlers: createStageHandlers(deps),
      onGiveUp: createGiveUpHandler(deps),
      producer,
      connection: runtime.queueConnection!,
      logger,
      ...(options.stall ? { stall: options.stall } : {}),
      workerName: holder,
    });
  } catch (err) {
    await runtime.close();
    throw err;
  }
  logger.info({ queues: options.queues, concurrency: Object.fromEntries(options.queues.map((q) => [q, table[q].concurrency])) }, 'workers started');
  // Every worker process runs the sweeper, whatever queues it serves: the lease lets one sweep at a
  // time, and any survivor takes over from a process that died.
  const sweep = {
    intervalMs: config.STALLED_SWEEP_INTERVAL_SECONDS * 1000,
    olderThanMs: config.STALLED_AFTER_SECONDS * 1000,
    ...options.sweeper,
  };
  const sweeper: RunningSweeper | undefined = sweep.intervalMs > 0
    ? startStalledSweeper({ db: runtime.deps.db, queues: producer, table, logger, holder, ...sweep })
    : undefined;
  // The complaint deadlines' warnings on the same interval; every process may sweep (the events are
  // written once by a unique index), so no lease is needed.
  const policy = loadPolicy(path.join(config.CALLGUARD_RULES_DIR, POLICY_FILE));
  if (!policy.ok) logger.warn({ problems: policy.problems.length }, 'rules/policy.yaml does not load: the deadline sweep uses the default deadlines');
  const deadlineSweeper: RunningDeadlineSweeper | undefined = sweep.intervalMs > 0
    ? startDeadlineSweeper({
      db: runtime.deps.db, logger, intervalMs: sweep.intervalMs,
      deadlines: policy.ok ? policy.policy.deadlines : DEFAULT_POLICY.deadlines, bankGroups: packBankGroups(config.CALLGUARD_RULES_DIR),
    })
    : undefined;
  // Case events → e-mail and webhook; every worker process runs it, the cursor lock and the
  // delivery leases keep each message to one sender.
  const notifier = startNotifier({ db: runtime.deps.db, clock: systemClock, logger: logger.child({ part: 'notifier' }), settings: notifySettingsFromConfig(config) });
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        try {
          // The sweepers and the notifier first: the stalled-call sweeper queues jobs, and must not
          // do so into queues being closed.
          await deadlineSweeper?.stop();
          await notifier.stop();
          await sweeper?.stop();
          await running.close();
        } finally {
          await runtime.close();
        }
      })();
      return stopping;
    },
  };
}

/** SIGTERM / SIGINT → graceful stop; a second signal exits at once. */
export function stopOnSignals(proc: RunningWorkerProcess, logger: Logger): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    signalled = true;
    logger.info({ signal }, 'stopping: finishing active jobs');
    proc.stop().then(
      () => {
        logger.info('workers stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
