import { drawSample, type SamplingSettings } from '../../domain/qa-sampling.ts';
import type { Db } from '../../store/db.ts';
import { repositories, type SampleDraw } from '../../store/index.ts';

export interface DrawWeekRequest {
  /** Monday of the week, YYYY-MM-DD. */
  weekStart: string;
  settings: SamplingSettings;
  /** Reproduces a draw; by default the week itself, so a week drawn twice from scratch gives the same calls. */
  seed?: string;
  /** 'system' for the periodic job, else the user. */
  by: string;
  now: Date;
}

export interface DrawWeekResult {
  /** false: the week had been drawn before; nothing changed and `draw` is the earlier one. */
  drawn: boolean;
  draw: SampleDraw;
  /** Calls of the sample (new or earlier). */
  callIds: string[];
}

/**
 * Draws a week's QA sample of unflagged calls, once per week: the draw's row and its calls are
 * written in one transaction, and a second draw of the week (the periodic job on another worker, a
 * supervisor pressing the button) finds the row and changes nothing.
 */
export async function drawWeekSample(db: Db, req: DrawWeekRequest): Promise<DrawWeekResult> {
  return db.transaction(async (tx) => {
    const r = repositories(tx).qaSamples;
    const earlier = await r.getDraw(req.weekStart);
    if (earlier) return { drawn: false, draw: earlier, callIds: (await r.listWeek(req.weekStart, null)).map((s) => s.callId) };
    const seed = req.seed ?? req.weekStart;
    const candidates = await r.candidates(req.weekStart);
    const picked = drawSample(candidates, req.settings, seed);
    const draw: SampleDraw = {
      weekStart: req.weekStart, seed, percent: req.settings.percent, minimum: req.settings.minimum,
      candidates: candidates.length, sampled: picked.length, drawnAt: req.now, drawnBy: req.by,
    };
    // The row first: a concurrent draw of the same week waits here on the key, then finds it taken.
    if (!(await r.recordDraw(draw))) {
      const winner = (await r.getDraw(req.weekStart))!;
      return { drawn: false, draw: winner, callIds: (await r.listWeek(req.weekStart, null)).map((s) => s.callId) };
    }
    await r.insertMany(req.weekStart, picked, req.now);
    return { drawn: true, draw, callIds: picked.map((p) => p.callId) };
  });
}
