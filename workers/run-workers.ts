import os from 'node:os';
import type { Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import { createJobTable, type JobName } from '../src/pipeline/transport/job-table.ts';
import { createGiveUpHandler, createStageHandlers } from '../src/pipeline/transport/stage-handlers.ts';
import { startStalledSweeper, type RunningSweeper } from '../src/pipeline/operations/stalled-sweeper.ts';
import { startDeadlineSweeper, type RunningDeadlineSweeper } from '../src/pipeline/operations/deadline-sweeper.ts';
import { DEFAULT_POLICY, loadPolicy, POLICY_FILE } from '../src/rules/index.ts';
import { packBankGroups } from '../src/rules/pack-bank-groups.ts';
import { normalisePhrase } from '../src/rules/normalise.ts';
import { startQaSampleSchedule, type RunningQaSampleSchedule } from '../src/pipeline/operations/qa-sample-schedule.ts';
import path from 'node:path';
import { startRetentionSchedule, type RunningRetentionSchedule } from '../src/pipeline/operations/retention-schedule.ts';
import { loadRetentionPolicy } from '../src/rules/load-retention-policy.ts';
import { createCallguardMetrics, jobObserver } from '../src/pipeline/operations/metrics/pipeline-metrics.ts';
import { listenForMetrics, type MetricsListener } from '../src/pipeline/operations/metrics/metrics-listener.ts';
import { isServerMode, openRuntime } from '../src/runtime.ts';
import { startWorkers, type StallSettings } from './start-workers.ts';
import { startNotifier } from '../src/notify/notifier.ts';
import { notifySettingsFromConfig } from '../src/notify/notify-settings.ts';
import { startRulePackWatch, type RulePackWatch } from '../src/pipeline/rule-pack-watch.ts';
import { systemClock } from '../src/domain/clock.ts';
import { startBacktestWorker } from './start-backtest-worker.ts';

export interface WorkerProcessOptions {
  queues: readonly JobName[];
  concurrency?: Partial<Record<JobName, number>>;
  stall?: Partial<StallSettings>;
  /** Overrides of the stalled-call sweeper's settings (tests); intervalMs 0 = no sweeper here. */
  sweeper?: Partial<SweeperSettings>;
  /** false: this process takes no backtest runs (tests of other queues). */
  backtests?: boolean;
  /** Time between the weekly QA sample's ticks (docs/qa.md); 0 = no draws from this process. */
  qaSampleIntervalMs?: number;
  /** How often the active rule packs are checked without a notification, and the loaded ones reported (default 30 s). */
  rulePackCheckMs?: number;
  /** Overrides of the daily retention purge's settings (tests); periodMs 0 = no purge here. */
  retention?: Partial<{ periodMs: number; checkEveryMs: number }>;
  /** How long the metrics' state reads are reused (tests; default DEFAULT_METRICS_CACHE_MS). */
  metricsCacheMs?: number;
}

export interface RunningWorkerProcess {
  /** Graceful stop: the stalled-call sweeper finishes its sweep, workers finish (or abort at their timeout) their active jobs, then queues, then the database. */
  stop(): Promise<void>;
  /** Where GET /metrics answers (METRICS_PORT set), for tests and logs. */
  metricsPort?: number;
}

/** The weekly draw needs no more than an hourly look. */
const QA_SAMPLE_INTERVAL_MS = 3600_000;

export interface SweeperSettings {
  intervalMs: number;
  olderThanMs: number;
  leaseTtlMs: number;
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
  let watch: RulePackWatch | undefined;
  // The policy's deadlines: the sweep's and the metrics' (as the case pages compute them).
  const policy = loadPolicy(path.join(config.CALLGUARD_RULES_DIR, POLICY_FILE));
  const deadlines = policy.ok ? policy.policy.deadlines : DEFAULT_POLICY.deadlines;
  const bankGroups = packBankGroups(config.CALLGUARD_RULES_DIR);
  const metrics = createCallguardMetrics({
    db: runtime.deps.db, queues: producer, processMetrics: true, deadlines, bankGroups,
    ...(options.metricsCacheMs !== undefined ? { cacheMs: options.metricsCacheMs } : {}),
  });
  const metricsError = (err: Error) => logger.warn({ err: err.message }, 'a metric could not be read');
  let metricsListener: MetricsListener | undefined;
  try {
    // A port that cannot be bound stops the start: a worker the monitoring cannot see is a blind spot.
    if (config.METRICS_PORT !== undefined) metricsListener = await listenForMetrics(metrics.registry, config.METRICS_PORT, config.METRICS_HOST, metricsError);
    // The stages run here: their rule packs and engine are checked before a job is taken.
    const deps = await runtime.stageDeps();
    // A published pack is picked up without a restart.
    watch = await startRulePackWatch({
      db: runtime.deps.db, rules: deps.rules, logger, clock: systemClock, worker: holder, intervalMs: options.rulePackCheckMs ?? 30_000,
    });
    running = await startWorkers({
      onJobFinished: jobObserver(metrics, runtime.deps.db, metricsError),
      onJobGaveUp: (stage) => metrics.observeGiveUp(stage),
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
    await watch?.stop();
    await metricsListener?.close();
    await runtime.close();
    throw err;
  }
  if (metricsListener) logger.info({ port: metricsListener.port }, 'metrics at GET /metrics');
  logger.info({ queues: options.queues, concurrency: Object.fromEntries(options.queues.map((q) => [q, table[q].concurrency])) }, 'workers started');
  // Backtest runs started in the review app: every worker process takes them, one at a time.
  const backtests = options.backtests === false
    ? undefined
    : startBacktestWorker({
      db: runtime.deps.db, connection: runtime.queueConnection!, rulesDir: config.CALLGUARD_RULES_DIR, logger, name: holder,
      ...(options.stall ? { stall: options.stall } : {}),
    });
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
  if (!policy.ok) logger.warn({ problems: policy.problems.length }, 'rules/policy.yaml does not load: the deadline sweep, the deadline metrics and the QA sample use the default settings');
  const deadlineSweeper: RunningDeadlineSweeper | undefined = sweep.intervalMs > 0
    ? startDeadlineSweeper({
      db: runtime.deps.db, logger, intervalMs: sweep.intervalMs,
      deadlines, bankGroups,
    })
    : undefined;
  // Case events → e-mail and webhook; every worker process runs it, the cursor lock and the
  // delivery leases keep each message to one sender.
  const notifier = startNotifier({
    db: runtime.deps.db, clock: systemClock, logger: logger.child({ part: 'notifier' }), settings: notifySettingsFromConfig(config),
    bankGroups, normaliseBankName: normalisePhrase,
  });
  // The weekly QA sample of unflagged calls: any process may tick, the draw is once per week by its key.
  const qaInterval = options.qaSampleIntervalMs ?? QA_SAMPLE_INTERVAL_MS;
  if (!policy.ok) logger.warn('rules/policy.yaml is invalid: no QA sample is drawn by this process');
  const qaSchedule: RunningQaSampleSchedule | undefined = qaInterval > 0 && policy.ok
    ? startQaSampleSchedule({ db: runtime.deps.db, settings: policy.policy.qa_sampling, logger, intervalMs: qaInterval })
    : undefined;
  // The retention purge, like the sweeper, in every process: the database claim makes it run once per period.
  const purgePeriodMs = options.retention?.periodMs ?? config.RETENTION_PURGE_INTERVAL_HOURS * 3600_000;
  const retention: RunningRetentionSchedule | undefined = purgePeriodMs > 0
    ? startRetentionSchedule({
      db: runtime.deps.db, audio: runtime.deps.audio, loadPolicy: () => loadRetentionPolicy(config.CALLGUARD_RULES_DIR), logger, holder,
      periodMs: purgePeriodMs, checkEveryMs: options.retention?.checkEveryMs ?? Math.min(purgePeriodMs, 3600_000),
    })
    : undefined;
  let stopping: Promise<void> | undefined;
  return {
    ...(metricsListener ? { metricsPort: metricsListener.port } : {}),
    stop() {
      stopping ??= (async () => {
        try {
          // The sweepers and the notifier first: the stalled-call sweeper queues jobs, and must not
          // do so into queues being closed.
          await deadlineSweeper?.stop();
          await notifier.stop();
          await qaSchedule?.stop();
          await sweeper?.stop();
          await retention?.stop();
          await backtests?.close();
          await running.close();
        } finally {
          await watch?.stop();
          await metricsListener?.close();
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
