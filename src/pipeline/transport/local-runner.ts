import type { Logger } from '../../logger.ts';
import { isPermanent } from '../errors.ts';
import type { JobTable } from './job-table.ts';
import { runStage } from './run-stage.ts';
import type { GiveUpHandler, NextJob, StageContext, StageHandlers, StageOutcome } from '../stage.ts';
import { redactReason } from '../../privacy/redact-reason.ts';

export interface LocalRunOptions {
  table: JobTable;
  logger: Logger;
  /** Called after each stage of each call (progress bars). */
  onStage?: (callId: string, stage: NextJob['name']) => void;
  /** Called when a call has gone through every stage it can (done, or failed). */
  onCallFinished?: (callId: string, failed: string | null) => void;
  /** Embedded mode has no Redis to park a retry in: wait this long between tries (default 200 ms). */
  retryDelayMs?: number;
  /** Tries per stage (default: the job table's attempts, capped at 3 for an interactive run). */
  maxAttempts?: number;
  signal?: AbortSignal;
}

/**
 * Embedded mode's transport: the same stages, in this process, one call after another, each stage
 * followed by the ones it asks for. Retries, timeouts and give-ups follow the job table, as in
 * the workers, so a call ends done or failed with a reason, never half-processed.
 */
export async function runCallsLocally(
  handlers: StageHandlers,
  onGiveUp: GiveUpHandler,
  first: readonly NextJob[],
  opts: LocalRunOptions,
): Promise<Map<string, string | null>> {
  const results = new Map<string, string | null>();
  for (const start of first) {
    if (opts.signal?.aborted) break;
    const callId = start.payload.callId;
    const failure = await runOneCall(handlers, onGiveUp, start, opts);
    results.set(callId, failure);
    opts.onCallFinished?.(callId, failure);
  }
  return results;
}

async function runOneCall(handlers: StageHandlers, onGiveUp: GiveUpHandler, start: NextJob, opts: LocalRunOptions): Promise<string | null> {
  const pending: NextJob[] = [start];
  while (pending.length > 0) {
    const job = pending.shift()!;
    const spec = opts.table[job.name];
    const attempts = Math.max(1, opts.maxAttempts ?? Math.min(spec.attempts, 3));
    const logger = opts.logger.child({ stage: job.name, callId: job.payload.callId });
    const handler = handlers[job.name] as (p: unknown, ctx: StageContext) => Promise<StageOutcome>;
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await runStage((ctx) => handler(job.payload, ctx), {
          name: job.name, timeoutMs: spec.timeoutMs, logger, attempt, lastAttempt: attempt >= attempts,
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
        pending.push(...outcome.next);
        opts.onStage?.(job.payload.callId, job.name);
        break;
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        if (!isPermanent(err) && attempt < attempts && !opts.signal?.aborted) {
          logger.warn({ attempt, err: redactReason(reason) }, 'stage failed; retrying');
          await new Promise((r) => setTimeout(r, (opts.retryDelayMs ?? 200) * attempt));
          continue;
        }
        logger.warn({ attempt, err: redactReason(reason), permanent: isPermanent(err) }, 'call failed');
        await onGiveUp(job.name, job.payload.callId, reason);
        return `${job.name}: ${reason}`;
      }
    }
  }
  return null;
}
