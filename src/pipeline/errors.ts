/**
 * A failure that no retry can fix: the recording has no audio stream, the file is corrupt, the
 * delivered transcript is invalid. The worker glue turns it into BullMQ's UnrecoverableError so the
 * job is not retried, and the stage has already marked the call failed with this message.
 */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/** The stage ran past the job table's timeout and was aborted; a retry may succeed. */
export class StageTimeoutError extends Error {
  constructor(readonly stage: string, readonly timeoutMs: number) {
    super(`${stage} timed out after ${timeoutMs} ms`);
    this.name = 'StageTimeoutError';
  }
}

export function isPermanent(err: unknown): err is PermanentError {
  return err instanceof PermanentError;
}
