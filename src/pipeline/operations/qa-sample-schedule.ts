import { systemClock, type Clock } from '../../domain/clock.ts';
import type { SamplingSettings } from '../../domain/qa-sampling.ts';
import { lastCompleteWeekStart } from '../../domain/week.ts';
import type { Logger } from '../../logger.ts';
import type { Db } from '../../store/db.ts';
import { getWeekTimeZone } from '../../store/index.ts';
import { drawWeekSample, type DrawWeekResult } from './qa-sample-draw.ts';

/**
 * The weekly QA sample on a timer, inside every worker process: each tick draws the last complete
 * week if nobody has. The draw is once per week by its own key (qa_sample_draws), so any number of
 * processes may tick; the first of a new week draws and the rest find it drawn. A failed tick (the
 * database away) is logged and the next one tries again.
 */
export interface QaSampleScheduleOptions {
  db: Db;
  settings: SamplingSettings;
  logger: Logger;
  /** Time between ticks; an hour is plenty for a weekly draw. */
  intervalMs: number;
  clock?: Clock;
}

export type QaSampleTick = { outcome: 'drawn' | 'already'; result: DrawWeekResult } | { outcome: 'failed'; error: Error };

export interface RunningQaSampleSchedule {
  tick(): Promise<QaSampleTick>;
  stop(): Promise<void>;
}

export function startQaSampleSchedule(opts: QaSampleScheduleOptions): RunningQaSampleSchedule {
  const logger = opts.logger.child({ component: 'qa-sample-schedule' });
  const clock = opts.clock ?? systemClock;
  const stopping = new AbortController();

  async function tick(): Promise<QaSampleTick> {
    const now = clock.now();
    let weekStart: string | undefined;
    try {
      // The zone is read at each tick: an operator may change it while the workers run.
      weekStart = lastCompleteWeekStart(now, await getWeekTimeZone(opts.db));
      const result = await drawWeekSample(opts.db, { weekStart, settings: opts.settings, by: 'system', now });
      if (result.drawn) logger.info({ weekStart, candidates: result.draw.candidates, sampled: result.draw.sampled }, 'QA sample drawn');
      return { outcome: result.drawn ? 'drawn' : 'already', result };
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      logger.error({ weekStart, err: error.message }, 'QA sample draw failed; the next tick tries again');
      return { outcome: 'failed', error };
    }
  }

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      await tick();
      await clock.sleep(opts.intervalMs, { signal: stopping.signal, unref: true });
    }
  })();

  return {
    tick,
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
