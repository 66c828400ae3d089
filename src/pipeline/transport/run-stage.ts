import type { Logger } from '../../logger.ts';
import { StageTimeoutError } from '../errors.ts';
import type { JobName } from '../job-payloads.ts';
import type { StageContext, StageOutcome } from '../stage.ts';

export interface RunStageOptions {
  name: JobName;
  timeoutMs: number;
  logger: Logger;
  attempt: number;
  lastAttempt: boolean;
  /** An outer cancellation (shutdown, BullMQ cancel) joins the timeout. */
  signal?: AbortSignal;
}

/**
 * Runs one stage under the job table's timeout: the stage's AbortSignal fires at the deadline (its
 * child processes are killed by the tool wrapper), and the returned promise rejects at once even if
 * the stage ignores the signal, so a hung stage cannot hold a job forever. Shared by the BullMQ glue
 * and the local runner so both transports enforce the same limits.
 */
export async function runStage(run: (ctx: StageContext) => Promise<StageOutcome>, opts: RunStageOptions): Promise<StageOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new StageTimeoutError(opts.name, opts.timeoutMs)), opts.timeoutMs);
  const onOuterAbort = () => controller.abort(opts.signal?.reason ?? new Error(`${opts.name} cancelled`));
  if (opts.signal?.aborted) onOuterAbort();
  else opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    return await abortable(
      run({ logger: opts.logger, signal: controller.signal, attempt: opts.attempt, lastAttempt: opts.lastAttempt }),
      controller.signal,
    );
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {}); // settled later; its error is the abort's consequence
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => {});
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
