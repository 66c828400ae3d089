import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from '../src/logger.ts';
import { PermanentError } from '../src/pipeline/errors.ts';
import { runStage } from '../src/pipeline/transport/run-stage.ts';
import type { JobName, JobTable } from '../src/pipeline/transport/job-table.ts';
import { RETENTION, type PipelineQueues, type QueueConnection } from '../src/pipeline/transport/queues.ts';
import { assertHandlersComplete, type GiveUpHandler, type StageContext, type StageHandlers, type StageOutcome } from '../src/pipeline/stage.ts';
import { redactReason } from '../src/privacy/redact-reason.ts';

/**
 * BullMQ glue, and the only place that imports BullMQ's Worker: binds the stages to queues. It
 * validates payloads, enforces the job table's timeout through an AbortSignal, maps permanent errors
 * to UnrecoverableError, enqueues the next stage when a stage completes, and records give-ups.
 */
export interface StallSettings {
  /** How long a job's lock lives without renewal; a killed worker's job is recoverable after it. */
  lockDurationMs: number;
  /** How often workers look for jobs whose lock expired. */
  stalledIntervalMs: number;
  /** Recoveries before a job that keeps killing its worker fails for good. */
  maxStalledCount: number;
}

export const DEFAULT_STALL: StallSettings = { lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 2 };

export interface StartWorkersOptions {
  queues: readonly JobName[];
  table: JobTable;
  handlers: StageHandlers;
  onGiveUp: GiveUpHandler;
  producer: PipelineQueues;
  connection: QueueConnection;
  logger: Logger;
  stall?: Partial<StallSettings>;
  /** Name stored on each job this process runs (host:pid by default). */
  workerName?: string;
  /** Told of every job attempt's end (metrics): stage, outcome, seconds, call id. */
  onJobFinished?: (stage: JobName, outcome: 'completed' | 'already_done' | 'failed', seconds: number, callId: string) => void;
  /** Told when a job gives up for good (metrics). */
  onJobGaveUp?: (stage: JobName) => void;
}

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs, lets active ones finish (or abort on their timeout), closes connections. */
  close(): Promise<void>;
}

export async function startWorkers(opts: StartWorkersOptions): Promise<RunningWorkers> {
  assertHandlersComplete(opts.handlers, opts.queues);
  const stall = { ...DEFAULT_STALL, ...opts.stall };
  const workers: Worker[] = [];
  for (const name of opts.queues) {
    const spec = opts.table[name];
    const worker = new Worker(name, (job, _token, signal) => runJob(name, job, signal, opts), {
      connection: opts.connection.connection,
      prefix: opts.connection.prefix,
      concurrency: spec.concurrency,
      lockDuration: stall.lockDurationMs,
      stalledInterval: stall.stalledIntervalMs,
      maxStalledCount: stall.maxStalledCount,
      removeOnComplete: RETENTION.removeOnComplete,
      removeOnFail: RETENTION.removeOnFail,
      name: opts.workerName ?? `${process.pid}`,
      autorun: false,
    });
    worker.on('failed', (job, err) => {
      if (!job) return;
      const callId = typeof job.data?.callId === 'string' ? job.data.callId : undefined;
      const finalFailure = err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled more than/i.test(err.message);
      opts.logger.warn({ stage: name, callId, jobId: job.id, attempt: job.attemptsMade, final: finalFailure, err: redactReason(err.message) }, 'job failed');
      if (finalFailure) opts.onJobGaveUp?.(name);
      if (finalFailure && callId) {
        opts.onGiveUp(name, callId, giveUpReason(name, err.message)).catch((e: unknown) => {
          opts.logger.error({ stage: name, callId, jobId: job.id, err: e instanceof Error ? e.message : String(e) }, 'could not record the failure on the call');
        });
      }
    });
    worker.on('error', (err) => opts.logger.error({ stage: name, err: err.message }, 'worker error'));
    workers.push(worker);
  }
  for (const w of workers) {
    // run() resolves when the worker closes; its errors are reported through the 'error' event.
    void w.run().catch((err: unknown) => opts.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'worker stopped'));
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  let closing: Promise<void> | undefined;
  return {
    workers,
    close() {
      closing ??= Promise.all(workers.map((w) => w.close())).then(() => undefined);
      return closing;
    },
  };
}

async function runJob(name: JobName, job: Job, bullSignal: AbortSignal | undefined, opts: StartWorkersOptions): Promise<{ next: string[]; alreadyDone: boolean }> {
  const spec = opts.table[name];
  const parsed = spec.payload.safeParse(job.data);
  if (!parsed.success) {
    // Never log the payload itself: it may hold what should not have been put there.
    throw new UnrecoverableError(`invalid ${name} payload: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const payload = parsed.data as { callId: string };
  const attempts = job.opts.attempts ?? 1;
  const attempt = job.attemptsMade + 1;
  const logger = opts.logger.child({ stage: name, callId: payload.callId, jobId: job.id });
  const started = performance.now();
  const handler = opts.handlers[name] as (p: unknown, ctx: StageContext) => Promise<StageOutcome>;
  try {
    const outcome = await runStage((ctx) => handler(payload, ctx), {
      name, timeoutMs: spec.timeoutMs, logger, attempt, lastAttempt: attempt >= attempts, ...(bullSignal ? { signal: bullSignal } : {}),
    });
    // The stage's result is committed; enqueue what follows. If this process dies right here, the
    // job is recovered as stalled, the stage returns early as already done, and enqueues again;
    // deterministic job ids make the second enqueue a no-op.
    await opts.producer.enqueueNext(outcome.next);
    logger.debug({ ms: Math.round(performance.now() - started), alreadyDone: outcome.alreadyDone }, 'stage done');
    opts.onJobFinished?.(name, outcome.alreadyDone ? 'already_done' : 'completed', (performance.now() - started) / 1000, payload.callId);
    return { next: outcome.next.map((n) => n.name), alreadyDone: outcome.alreadyDone };
  } catch (err) {
    opts.onJobFinished?.(name, 'failed', (performance.now() - started) / 1000, payload.callId);
    if (err instanceof PermanentError) throw new UnrecoverableError(err.message);
    throw err;
  }
}

/**
 * What a failed call's reason says. BullMQ words a job whose workers died under it ("job stalled
 * more than allowable limit"); an operator needs what that means for the call and what to do.
 */
export function giveUpReason(stage: string, message: string): string {
  if (/stalled more than/i.test(message)) {
    return `the worker stopped more than once while running ${stage} (killed, out of memory or restarted); retry once the cause is fixed (callguard retry) / 处理进程多次中断`;
  }
  return message;
}
