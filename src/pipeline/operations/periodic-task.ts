import type { Clock } from '../../domain/clock.ts';

/**
 * A piece of work run every `intervalMs` on the injected clock, as the sweepers and the retention
 * schedule run theirs: ticks never overlap within a process (a slow run delays the next one, and a
 * `tick()` asked for meanwhile answers the run in progress); a failure becomes `onError`'s result,
 * logged there, and the next tick tries again; `stop()` ends the timer and waits for the run in
 * progress. The timer alone never keeps a process alive.
 */
export interface PeriodicTask<T> {
  /** Runs the work now (or joins the run in progress). */
  tick(): Promise<T>;
  stop(): Promise<void>;
  /** Aborted once stop() is called: long work may check it between steps. */
  readonly stopping: AbortSignal;
}

export function startPeriodicTask<T>(opts: {
  clock: Clock;
  /** 0 = no timer: the work runs only when tick() is called (tests, one-off runs). */
  intervalMs: number;
  work: (stopping: AbortSignal) => Promise<T>;
  onError: (error: Error) => T;
}): PeriodicTask<T> {
  const stopping = new AbortController();
  let current: Promise<T> | undefined;

  function tick(): Promise<T> {
    current ??= opts.work(stopping.signal)
      .catch((err: unknown) => opts.onError(err instanceof Error ? err : new Error(String(err))))
      .finally(() => {
        current = undefined;
      });
    return current;
  }

  async function loop(): Promise<void> {
    for (;;) {
      await opts.clock.sleep(opts.intervalMs, { signal: stopping.signal, unref: true });
      if (stopping.signal.aborted) return;
      await tick();
    }
  }

  if (opts.intervalMs > 0) void loop();
  return {
    tick,
    stopping: stopping.signal,
    async stop() {
      stopping.abort();
      await current;
    },
  };
}
