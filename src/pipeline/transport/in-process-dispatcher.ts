import type { Logger } from '../../logger.ts';
import { runCallsLocally, type LocalRunOptions } from './local-runner.ts';
import type { GiveUpHandler, StageHandlers } from '../stage.ts';
import type { Dispatcher } from './dispatch.ts';

export interface InProcessDispatcherOptions extends LocalRunOptions {
  /**
   * Resolve a dispatch once the jobs are accepted, not run (a server answering an upload); failures
   * of a run are logged. By default a dispatch resolves when its calls have run, and rejects with
   * what stopped the run.
   */
  background?: boolean;
}

/**
 * Embedded mode: the stages run here, one dispatch after another (an embedded database serves one
 * process; runs side by side would only compete for it), each call through every stage it can
 * reach. `close` waits for the runs still going.
 */
export function createInProcessDispatcher(
  handlers: () => Promise<{ handlers: StageHandlers; onGiveUp: GiveUpHandler }>,
  opts: InProcessDispatcherOptions,
): Dispatcher {
  let chain: Promise<unknown> = Promise.resolve();
  const logFailure = (logger: Logger) => (err: unknown) => {
    logger.error({ err: err instanceof Error ? err.message : String(err) }, 'in-process pipeline run failed');
  };
  return {
    kind: 'in-process',
    dispatch(jobs) {
      const run = chain.then(async () => {
        const h = await handlers();
        await runCallsLocally(h.handlers, h.onGiveUp, jobs, opts);
      });
      // The next dispatch runs after this one whatever its outcome: the caller (or the log) has the error.
      chain = run.catch(opts.background ? logFailure(opts.logger) : () => undefined);
      return opts.background ? Promise.resolve() : run;
    },
    async close() {
      await chain;
    },
  };
}
