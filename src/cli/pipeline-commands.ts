import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { SingleBar } from 'cli-progress';
import path from 'node:path';
import { DEFAULT_POLICY, loadPolicy, POLICY_FILE } from '../rules/index.ts';
import { loadConfig, type Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import { maskPii } from '../privacy/pii-mask.ts';
import { buildAnalysisReport, renderAnalysisReport } from './analysis-report.ts';
import { checkDropFolder, watchDropFolder } from '../pipeline/intake/drop-folder.ts';
import { PermanentError } from '../pipeline/errors.ts';
import { registerBatch, type BatchReport } from '../pipeline/intake/ingest-batch.ts';
import { planRetry } from '../pipeline/operations/retry-failed.ts';
import { planIngest, type IngestPlan } from '../pipeline/intake/ingest-plan.ts';
import { replaceDeliveredTranscript } from '../pipeline/intake/replace-delivery.ts';
import { parseConcurrencyList, parseQueueList } from '../pipeline/transport/job-table.ts';
import { buildStatusReport, renderStatusReport } from './status-report.ts';
import { parseDuration } from './human-duration.ts';
import { sweepStalledCalls } from '../pipeline/operations/stalled-calls.ts';
import { renderStalledSweep } from './stalled-sweep-report.ts';
import { DEFAULT_LEASE_TTL_MS } from '../pipeline/operations/stalled-sweeper.ts';
import { SweepLease, SweepLeaseLostError } from '../pipeline/operations/sweep-lease.ts';
import { isServerMode, openRuntime } from '../runtime.ts';
import { RefusedRowsRepository } from '../store/index.ts';
import { runWorkerProgram } from './worker-program.ts';
import { operatorName } from './operator-name.ts';

/**
 * The pipeline commands: `ingest` and `worker` (server mode: PostgreSQL + Redis), `analyze`
 * (in-process, embedded database unless DATABASE_URL is set), `watch` (a drop folder, either mode),
 * `status`, `retry` (failed calls) and `requeue-stalled` (calls no job will move). Problems go to
 * stderr as file:line: message; results to stdout.
 */
export async function ingestCommand(paths: string[], opts: { meta: string[]; replace?: boolean }): Promise<void> {
  if (opts.replace) return replaceCommand(paths);
  const config = loadConfig();
  requireServerMode(config, 'ingest');
  const logger = createLogger(config.LOG_LEVEL);
  const plan = await planIngest(paths, opts.meta);
  printProblems(plan);
  if (nothingToDo(plan, paths)) {
    // Every row refused is still worth a line in `status`.
    if ((plan.refusedRows ?? []).length > 0) await recordRefusedOnly(await openRuntime(config, logger, { transport: 'queue' }), plan);
    return;
  }
  const runtime = await openRuntime(config, logger, { transport: 'queue' });
  try {
    const batch = await registerBatch(runtime.deps, plan);
    await runtime.dispatch(batch.start);
    printBatch(batch);
    logger.info({ calls: plan.calls.length, queued: batch.start.length }, 'ingested');
    if (plan.problems.length > 0 || batch.outcomes.some((o) => o.kind === 'conflict')) process.exitCode = 1;
  } finally {
    await runtime.close();
  }
}

/**
 * `ingest --replace FILE…`: each file a fixed delivered transcript of a failed call, stored in place
 * of the one it failed on (src/pipeline/intake/replace-delivery.ts). Either mode: the database is
 * all it touches; `callguard retry` then runs the failed stage on the new text.
 */
async function replaceCommand(paths: string[]): Promise<void> {
  const config = loadConfig();
  const texts: Array<{ file: string; text: string }> = [];
  for (const file of paths) {
    try {
      texts.push({ file, text: await readFile(file, 'utf8') });
    } catch (err) {
      process.stderr.write(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message} (skipped)\n`);
      process.exitCode = 1;
    }
  }
  if (texts.length === 0) return;
  const runtime = await openRuntime(config, createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn'));
  try {
    const replaced: string[] = [];
    for (const { file, text } of texts) {
      const o = await replaceDeliveredTranscript(runtime.deps.db, text, operatorName());
      if (o.kind === 'replaced') replaced.push(o.callId);
      else if (o.kind === 'unchanged') process.stderr.write(`${file}: call ${o.callId} already has this transcript: nothing replaced\n`);
      else {
        process.stderr.write(`${file}: ${o.message} (not replaced) / 未替换\n`);
        process.exitCode = 1;
      }
    }
    process.stdout.write(`${replaced.length} delivered transcript(s) replaced${replaced.length > 0 ? `: ${replaced.join(', ')}; \`callguard retry ${replaced.join(' ')}\` runs them again / 已替换，重试以重新处理` : ''}\n`);
  } finally {
    await runtime.close();
  }
}

export async function analyzeCommand(paths: string[], opts: { meta: string[]; json?: boolean }): Promise<void> {
  const config = loadConfig();
  // Stage logs would tear the progress bar apart: warnings only, unless LOG_LEVEL asks for more.
  const logger = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn');
  const plan = await planIngest(paths, opts.meta);
  printProblems(plan);
  if (nothingToDo(plan, paths)) {
    if ((plan.refusedRows ?? []).length > 0) await recordRefusedOnly(await openRuntime(config, logger, { transport: 'in-process' }), plan);
    return;
  }
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'analyzing {bar} {value}/{total} calls | {call} {stage}',
    hideCursor: true,
    clearOnComplete: true,
  });
  // In this process whatever is configured: analyze is the one-machine command.
  const runtime = await openRuntime(config, logger, {
    transport: 'in-process',
    checkStagesAtStart: true,
    inProcess: { onStage: (callId, stage) => bar.update({ call: callId, stage }), onCallFinished: () => bar.increment() },
  });
  try {
    const batch = await registerBatch(runtime.deps, plan);
    bar.start(batch.start.length, 0, { call: '', stage: '' });
    try {
      await runtime.dispatch(batch.start);
    } finally {
      bar.stop();
    }
    const policy = loadPolicy(path.join(config.CALLGUARD_RULES_DIR, POLICY_FILE));
    const clocks = { deadlines: policy.ok ? policy.policy.deadlines : DEFAULT_POLICY.deadlines, now: new Date() };
    const report = await buildAnalysisReport(runtime.deps.db, batch.outcomes.map((o) => (o.kind === 'duplicate_recording' ? o.existingCallId : o.callId)), clocks);
    const already = batch.outcomes.filter((o) => o.kind === 'already').length;
    if (already > 0) process.stderr.write(`${already} call(s) were already analysed in ${config.DATABASE_URL ? 'this database' : config.CALLGUARD_DATA_DIR}: shown as stored, nothing duplicated\n`);
    printBatchIssues(batch);
    if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(renderAnalysisReport(report));
    if (plan.problems.length > 0 || report.calls.some((c) => c.status === 'failed')) process.exitCode = 1;
  } finally {
    await runtime.close();
  }
}

export async function workerCommand(opts: { queues?: string; concurrency?: string }): Promise<void> {
  const config = loadConfig();
  requireServerMode(config, 'worker');
  // Checked here, so a typo is a usage error before a process starts.
  const queues = parseQueueList(opts.queues ?? config.WORKER_QUEUES);
  if (opts.concurrency) parseConcurrencyList(opts.concurrency);
  // The worker program (workers/main.ts) is BullMQ glue the CLI does not link: it starts it.
  process.exitCode = await runWorkerProgram({ queues, ...(opts.concurrency ? { concurrency: opts.concurrency } : {}) });
}

export async function statusCommand(opts: { json?: boolean; dismissRefused?: string[] }): Promise<void> {
  const config = loadConfig();
  const dismiss = (opts.dismissRefused ?? []).map((id) => {
    if (!/^\d+$/.test(id)) throw new Error(`--dismiss-refused: "${id}" is not a row id (the id column of \`callguard status\`)`);
    return Number(id);
  });
  const runtime = await openRuntime(config, createLogger(config.LOG_LEVEL));
  const { queues, table } = runtime;
  const db = runtime.deps.db;
  try {
    if (dismiss.length > 0) {
      const done = await new RefusedRowsRepository(db).dismiss(dismiss, operatorName());
      for (const id of dismiss.filter((i) => !done.includes(i))) process.stderr.write(`${id}: no such refused row, or already dismissed / 无此记录\n`);
      process.stdout.write(`${done.length} refused row(s) dismissed\n`);
      if (done.length < dismiss.length) process.exitCode = 1;
      return;
    }
    // Stalled calls exist only where queues can lose jobs; counting them is a dry-run sweep
    // (one job-state read per idle call), which `status` can afford.
    const olderThanMs = config.STALLED_AFTER_SECONDS * 1000;
    const stalled = queues
      ? async () => ({ calls: (await sweepStalledCalls(db, queues, table, { olderThanMs, dryRun: true })).stalled.length, olderThanMs })
      : undefined;
    const report = await buildStatusReport(db, queues ? () => queues.depths() : undefined, stalled);
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : renderStatusReport(report));
  } finally {
    await runtime.close();
  }
}

export async function retryCommand(callIds: string[]): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn');
  const runtime = await openRuntime(config, logger);
  try {
    const plan = await planRetry(runtime.deps.db, callIds.length > 0 ? callIds : undefined);
    for (const id of plan.skipped) process.stderr.write(`${id}: not a failed call (skipped)\n`);
    for (const id of plan.unknown) process.stderr.write(`${id}: no such call / 无此通话\n`);
    if (plan.unknown.length > 0) process.exitCode = 1;
    await runtime.queues?.removeJobsOfCalls(plan.jobs.map((j) => j.payload.callId));
    await runtime.dispatch(plan.jobs);
    process.stdout.write(`${plan.jobs.length} call(s) ${runtime.transport === 'queue' ? 'queued again' : 'retried'}: ${plan.jobs.map((j) => `${j.payload.callId} (from ${j.name})`).join(', ') || 'none'}\n`);
  } finally {
    await runtime.close();
  }
}

export async function requeueStalledCommand(opts: { olderThan?: string; dryRun?: boolean; json?: boolean }): Promise<void> {
  const config = loadConfig();
  requireServerMode(config, 'requeue-stalled');
  const olderThanMs = opts.olderThan !== undefined ? parseDuration(opts.olderThan) : config.STALLED_AFTER_SECONDS * 1000;
  const runtime = await openRuntime(config, createLogger(config.LOG_LEVEL), { transport: 'queue' });
  const { table } = runtime;
  const queues = runtime.queues!;
  const db = runtime.deps.db;
  try {
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
    await runtime.close();
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
  // Where the stages run here, a broken rule pack stops the watch before it takes a file.
  const runtime = await openRuntime(config, logger, { checkStagesAtStart: true });
  const { deps, dispatch } = runtime;
  try {
    await watchDropFolder({
      dir, pollMs, metadataWaitMs, signal: controller.signal,
      onWatching: () => logger.info({ dir, pollMs, metadataWaitMs }, 'watching'),
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
  } finally {
    await runtime.close();
  }
}

function requireServerMode(config: Config, command: string): void {
  if (!isServerMode(config)) {
    throw new Error(`${command} needs DATABASE_URL and REDIS_URL (server mode); on one machine without them use \`callguard analyze\``);
  }
}

/** No call in what was given: said, and a failure, never a quiet success (exit code 1). */
function nothingToDo(plan: IngestPlan, paths: readonly string[]): boolean {
  if (plan.calls.length > 0) return false;
  process.stderr.write(`no call to ingest in ${paths.join(', ')}: give recordings, delivered transcripts (JSON) or metadata files (calls.json, .csv) / 没有可导入的通话\n`);
  process.exitCode = 1;
  return true;
}

async function recordRefusedOnly(runtime: Awaited<ReturnType<typeof openRuntime>>, plan: IngestPlan): Promise<void> {
  try {
    await registerBatch(runtime.deps, { ...plan, calls: [] });
  } finally {
    await runtime.close();
  }
}

function printProblems(plan: IngestPlan): void {
  for (const line of describePlanProblems(plan)) process.stderr.write(`${line}\n`);
}

/**
 * What an ingest plan leaves out, one line each, worded by cause: a refused row (and the recording
 * it named, which waits for the row's fix), a file that is no call, and recordings no row names.
 */
export function describePlanProblems(plan: IngestPlan): string[] {
  const out = plan.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message} (skipped)`);
  for (const r of plan.refusedRecordings ?? []) {
    out.push(`${r.recording}: not ingested: its metadata row was refused (${r.file}:${r.line}) / 元数据行被拒绝，未导入`);
  }
  if (plan.unreferenced.length > 0) {
    out.push(`${plan.unreferenced.length} recording(s) named by no metadata row were left out (e.g. other formats of the same calls)`);
  }
  return out;
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
