/**
 * Where code that decides by time gets the time, and waits: the drop folder's polls and metadata
 * wait, the stalled-call sweeper's ticks and lease rest, the SLA of the cases the API lists. Passed
 * in with the other deps so a test can set the time and move it on (test/helpers/manual-clock.ts)
 * instead of sleeping and hoping a loaded machine keeps up.
 */
export interface SleepOptions {
  /** Ends the wait early (resolves, never rejects: stopping is not an error). */
  signal?: AbortSignal;
  /** The wait alone does not keep the process alive (a background timer beside the real work). */
  unref?: boolean;
}

export interface Clock {
  now(): Date;
  /** Milliseconds since the epoch, as Date.now(). */
  nowMs(): number;
  /** Resolves after `ms` of this clock's time, or as soon as the signal aborts. */
  sleep(ms: number, options?: SleepOptions): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  nowMs: () => Date.now(),
  sleep(ms, options = {}) {
    const { signal, unref = false } = options;
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      // The abort listener goes when the wait ends either way: left behind, one would pile up per
      // wait for a long-running loop's whole life (a leak, and MaxListenersExceededWarning on stderr).
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      if (unref) timer.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
