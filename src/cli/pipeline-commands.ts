import { hostname } from 'node:os';
import { SingleBar } from 'cli-progress';
import { loadConfig, type Config } from '../config.ts';
import { createLogger, type Logger } from '../logger.ts';
import { maskPii } from '../api/pii-mask.ts';
import { buildAnalysisReport, renderAnalysisReport } from '../pipeline/analysis-report.ts';
import { checkDropFolder, watchDropFolder } from '../pipeline/drop-folder.ts';
import { PermanentError } from '../pipeline/errors.ts';
import { registerBatch, type BatchReport } from '../pipeline/ingest-batch.ts';
import { planRetry } from '../pipeline/retry-failed.ts';
import { planIngest, type IngestPlan } from '../pipeline/ingest-plan.ts';
import { createJobTable, JOB_NAMES, parseQueueList, type JobName } from '../pipeline/job-table.ts';
import { runCallsLocally } from '../pipeline/local-runner.ts';
import { audioRoot, openPipeline } from '../pipeline/open-pipeline.ts';
import { PipelineQueues, redisConnectionFromUrl } from '../pipeline/queues.ts';
import { createGiveUpHandler, createStageHandlers } from '../pipeline/stage-handlers.ts';
import type { NextJob } from '../pipeline/stage.ts';
import { buildStatusReport, renderStatusReport } from '../pipeline/status-report.ts';
import { parseDuration } from '../pipeline/human-duration.ts';
import { sweepStalledCalls } from '../pipeline/stalled-calls.ts';
import { renderStalledSweep } from '../pipeline/stalled-sweep-report.ts';
import { DEFAULT_LEASE_TTL_MS } from '../pipeline/stalled-sweeper.ts';
import { SweepLease, SweepLeaseLostError } from '../pipeline/sweep-lease.ts';
import { DirectoryAudioStore } from '../store/audio-store.ts';
import { migrate, openDatabase, type Db } from '../store/index.ts';
import { runWorkerProcess, stopOnSignals } from '../../workers/run-workers.ts';

/**
 * The pipeline commands: `ingest` and `worker` (server mode: PostgreSQL + Redis), `analyze`
 * (in-process, embedded database unless DATABASE_URL is set), `watch` (a drop folder, either mode),
 * `status`, `retry` (failed calls) and `requeue-stalled` (calls no job will move). Problems go to
 * stderr as file:line: message; results to stdout.
 */
export async function ingestCommand(paths: string[], opts: { meta: string[] }): Promise<void> {
  const config = loadConfig();
  requireServerMode(config, 'ingest');
  const logger = createLogger(config.LOG_LEVEL);
  const plan = await planIngest(paths, opts.meta);
  printProblems(plan);
  const db = await openDatabase(config);
  const queues = new PipelineQueues(createJobTable(), { connection: redisConnectionFromUrl(config.REDIS_URL!), prefix: config.CALLGUARD_QUEUE_PREFIX });
  try {
    await migrate(db);
    const batch = await registerBatch({ db, audio: new DirectoryAudioStore(audioRoot(config)) }, plan);
    await queues.enqueueMany('ingest', batch.start.map((j) => ({ callId: j.payload.callId })));
    printBatch(batch);
    logger.info({ calls: plan.calls.length, queued: batch.start.length }, 'ingested');
    if (plan.problems.length > 0 || batch.outcomes.some((o) => o.kind === 'conflict')) process.exitCode = 1;
  } finally {
    await queues.close();
    await db.close();
  }
}

export async function analyzeCommand(paths: string[], opts: { meta: string[]; json?: boolean }): Promise<void> {
  const config = loadConfig();
  // Stage logs would tear the progress bar apart: warnings only, unless LOG_LEVEL asks for more.
  const logger = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn');
  const plan = await planIngest(paths, opts.meta);
  printProblems(plan);
  const pipeline = await openPipeline(config, logger);
  try {
    const { deps } = pipeline;
    const batch = await registerBatch(deps, plan);
    const bar = new SingleBar({
      stream: process.stderr,
      format: 'analyzing {bar} {value}/{total} calls | {call} {stage}',
      hideCursor: true,
      clearOnComplete: true,
    });
    bar.start(batch.start.length, 0, { call: '', stage: '' });
    try {
      await runCallsLocally(createStageHandlers(deps), createGiveUpHandler(deps), batch.start, {
        table: createJobTable(),
        logger,
        onStage: (callId, stage) => bar.update({ call: callId, stage }),
        onCallFinished: () => bar.increment(),
      });
    } finally {
      bar.stop();
    }
    const report = await buildAnalysisReport(deps.db, batch.outcomes.map((o) => (o.kind === 'duplicate_recording' ? o.existingCallId : o.callId)));
    const already = batch.outcomes.filter((o) => o.kind === 'already').length;
    if (already > 0) process.stderr.write(`${already} call(s) were already analysed in ${config.DATABASE_URL ? 'this database' : config.CALLGUARD_DATA_DIR}: shown as stored, nothing duplicated\n`);
    printBatchIssues(batch);
    if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(renderAnalysisReport(report));
    if (plan.problems.length > 0 || report.calls.some((c) => c.status === 'failed')) process.exitCode = 1;
  } finally {
    await pipeline.close();
  }
}

export async function workerCommand(opts: { queues?: string; concurrency?: string }): Promise<void> {
  const config = loadConfig();
  requireServerMode(config, 'worker');
  const logger = createLogger(config.LOG_LEVEL);
  const queues = parseQueueList(opts.queues ?? config.WORKER_QUEUES);
  const proc = await runWorkerProcess(config, logger, { queues, ...(opts.concurrency ? { concurrency: parseConcurrency(opts.concurrency) } : {}) });
  stopOnSignals(proc, logger);
  // Keep running until a signal arrives.
  await new Promise<never>(() => {});
}

export async function statusCommand(opts: { json?: boolean }): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config);
  const table = createJobTable();
  const queues = config.REDIS_URL
    ? new PipelineQueues(table, { connection: redisConnectionFromUrl(config.REDIS_URL), prefix: config.CALLGUARD_QUEUE_PREFIX })
    : undefined;
  try {
    await migrate(db);
    // Stalled calls exist only where queues can lose jobs; counting them is a dry-run sweep
    // (one job-state read per idle call), which `status` can afford.
    const olderThanMs = config.STALLED_AFTER_SECONDS * 1000;
    const stalled = queues
      ? async () => ({ calls: (await sweepStalledCalls(db, queues, table, { olderThanMs, dryRun: true })).stalled.length, olderThanMs })
      : undefined;
    const report = await buildStatusReport(db, queues ? () => queues.depths() : undefined, stalled);
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : renderStatusReport(report));
  } finally {
    await queues?.close();
    await db.close();
  }
}

export async function retryCommand(callIds: string[]): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn');
  await withDispatcher(config, logger, async (dispatch, deps, queues) => {
    const plan = await planRetry(deps.db, callIds.length > 0 ? callIds : undefined);
    for (const id of plan.skipped) process.stderr.write(`${id}: not a failed call (skipped)\n`);
    if (queues) await queues.removeJobsOfCalls(plan.jobs.map((j) => j.payload.callId));
    await dispatch(plan.jobs);
    process.stdout.write(`${plan.jobs.length} call(s) ${queues ? 'queued again' : 'retried'}: ${plan.jobs.map((j) => `${j.payload.callId} (from ${j.name})`).join(', ') || 'none'}\n`);
  });
}

export async function requeueStalledCommand(opts: { olderThan?: string; dryRun?: boolean; json?: boolean }): Promise<void> {
  const config = loadConfig();
  requireServerMode(config, 'requeue-stalled');
  const olderThanMs = opts.olderThan !== undefined ? parseDuration(opts.olderThan) : config.STALLED_AFTER_SECONDS * 1000;
  const table = createJobTable();
  const db = await openDatabase(config);
  const queues = new PipelineQueues(table, { connection: redisConnectionFromUrl(config.REDIS_URL!), prefix: config.CALLGUARD_QUEUE_PREFIX });
  try {
    await migrate(db);
    let report;
    if (opts.dryRun) {
      report = await sweepStalledCalls(db, queues, table, { olderThanMs, dryRun: true });
    } else {
      // The workers' lease: never beside a sweep in progress, but a finished sweep's rest
      // period does not make the operator wait.
      const { client, keyPrefix } = await queues.redisForOwnKeys();
      const lease = await SweepLease.acquire(client, keyPrefix, { ttlMs: DEFAULT_LEASE_TTL_MS, holder: `${hostname()}:${process.pid}:cli`, takeOverRest: true });
      if (!lease) throw new Error('a worker is sweeping for stalled calls right now; run the command again in a minute');
      try {
        report = await sweepStalledCalls(db, queues, table, {
          olderThanMs,
          beforePage: async () => {
            if (!(await lease.extend())) throw new SweepLeaseLostError();
          },
        });
      } finally {
        await lease.release();
      }
    }
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : renderStalledSweep(report));
  } finally {
    await queues.close();
    await db.close();
  }
}

export async function watchCommand(dir: string, opts: { pollMs: string; metadataWaitMs?: string }): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const pollMs = Number(opts.pollMs);
  if (!Number.isInteger(pollMs) || pollMs < 100) throw new Error('--poll-ms must be an integer ≥ 100');
  const metadataWaitMs = opts.metadataWaitMs === undefined ? 3 * pollMs : Number(opts.metadataWaitMs);
  if (!Number.isInteger(metadataWaitMs) || metadataWaitMs < 0) throw new Error('--metadata-wait-ms must be an integer ≥ 0');
  // Before opening the database: a wrong path is reported at once, not after the pipeline starts.
  await checkDropFolder(dir);
  const controller = new AbortController();
  for (const s of ['SIGTERM', 'SIGINT'] as const) process.once(s, () => controller.abort());
  await withDispatcher(config, logger, async (dispatch, deps) => {
    logger.info({ dir, pollMs, metadataWaitMs }, 'watching');
    await watchDropFolder({
      dir, pollMs, metadataWaitMs, signal: controller.signal,
      onUnavailable: (err) => logger.warn({ dir, code: err.code }, 'drop folder unavailable: nothing is taken until it is back; retrying every poll'),
      onAvailable: (downMs) => logger.info({ dir, downMs }, 'drop folder available again'),
      take: async (file) => {
        const plan = await planIngest([file]);
        if (plan.problems.length > 0 || plan.calls.length === 0) {
          throw new PermanentError(plan.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`).join('; ') || 'no call in file');
        }
        const batch = await registerBatch(deps, plan);
        const conflict = batch.outcomes.find((o) => o.kind === 'conflict');
        if (conflict?.kind === 'conflict') throw new PermanentError(conflict.message);
        await dispatch(batch.start);
        for (const o of batch.outcomes) logger.info({ callId: o.callId, outcome: o.kind }, 'recording taken');
      },
      // Dialers often put the phone number in a recording's file name: never into the log whole.
      onError: (file, err) => logger.warn({ file: maskPii(file), err: maskPii(err.message) }, 'recording not taken'),
    });
  });
}

function requireServerMode(config: Config, command: string): void {
  if (!config.DATABASE_URL || !config.REDIS_URL) {
    throw new Error(`${command} needs DATABASE_URL and REDIS_URL (server mode); on one machine without them use \`callguard analyze\``);
  }
}

/** Server mode: registration enqueues. Embedded mode: registration runs the stages here. */
async function withDispatcher(
  config: Config,
  logger: Logger,
  work: (dispatch: (jobs: NextJob[]) => Promise<void>, deps: { db: Db; audio: DirectoryAudioStore }, queues?: PipelineQueues) => Promise<void>,
): Promise<void> {
  if (config.DATABASE_URL && config.REDIS_URL) {
    const db = await openDatabase(config);
    const queues = new PipelineQueues(createJobTable(), { connection: redisConnectionFromUrl(config.REDIS_URL), prefix: config.CALLGUARD_QUEUE_PREFIX });
    try {
      await migrate(db);
      await work((jobs) => queues.enqueueNext(jobs), { db, audio: new DirectoryAudioStore(audioRoot(config)) }, queues);
    } finally {
      await queues.close();
      await db.close();
    }
    return;
  }
  const pipeline = await openPipeline(config, logger);
  try {
    const { deps } = pipeline;
    const handlers = createStageHandlers(deps);
    const giveUp = createGiveUpHandler(deps);
    await work(async (jobs) => {
      await runCallsLocally(handlers, giveUp, jobs, { table: createJobTable(), logger });
    }, { db: deps.db, audio: deps.audio as DirectoryAudioStore });
  } finally {
    await pipeline.close();
  }
}

function parseConcurrency(spec: string): Partial<Record<JobName, number>> {
  const out: Partial<Record<JobName, number>> = {};
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z]+)=(\d+)$/.exec(part);
    const name = m?.[1];
    if (!m || !name || !(JOB_NAMES as readonly string[]).includes(name) || Number(m[2]) < 1) {
      throw new Error(`--concurrency: "${part}" is not stage=N with a stage among ${JOB_NAMES.join(', ')} and N ≥ 1`);
    }
    out[name as JobName] = Number(m[2]);
  }
  return out;
}

function printProblems(plan: IngestPlan): void {
  for (const p of plan.problems) process.stderr.write(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message} (skipped)\n`);
  if (plan.unreferenced.length > 0) {
    process.stderr.write(`${plan.unreferenced.length} recording(s) named by no metadata row were left out (e.g. other formats of the same calls)\n`);
  }
}

function printBatchIssues(batch: BatchReport): void {
  for (const o of batch.outcomes) {
    if (o.kind === 'duplicate_recording') process.stderr.write(`${o.callId}: same recording as call ${o.existingCallId}: one call (skipped)\n`);
    if (o.kind === 'conflict') process.stderr.write(`${o.message} (skipped)\n`);
  }
}

function printBatch(batch: BatchReport): void {
  printBatchIssues(batch);
  const count = (k: string) => batch.outcomes.filter((o) => o.kind === k).length;
  process.stdout.write(
    `${count('new')} new, ${count('already')} already stored, ${count('duplicate_recording')} duplicate recording(s), ${count('conflict')} conflict(s); ${batch.start.length} queued\n`,
  );
}
