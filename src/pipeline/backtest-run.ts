import path from 'node:path';
import type { Logger } from '../logger.ts';
import type { Language } from '../domain/transcript.ts';
import type { Db } from '../store/db.ts';
import {
  failBacktestRun,
  finishBacktestRun,
  getBacktestRun,
  setBacktestProgress,
  startBacktestRun,
} from '../store/review-app/backtest-runs.ts';
import { withDraftTree } from './backtest-draft-files.ts';
import { checkDraft } from './draft-rule-set.ts';
import { runBacktest } from './rule-backtest.ts';

/** Samples of added and removed findings a run keeps per rule: enough to drill into, bounded. */
export const APP_SAMPLES_PER_RULE = 50;

/** Progress is written at most this often (ms) and at the end: a row update per page would be needless writes. */
const PROGRESS_EVERY_MS = 500;

/**
 * Runs one stored backtest run (from the review app): takes it from queued to running (a second
 * runner for the same run does nothing, unless `takeOver` says the first one died), lays its draft out, checks it again, backtests it in the
 * run's scope writing progress, and stores the report — or the reason it failed. Errors end up on
 * the run, never thrown: the caller is a background job with nobody to answer.
 */
export async function executeBacktestRun(
  db: Db, runId: number, rulesDir: string, logger: Logger, now: () => number = Date.now, opts: { takeOver?: boolean } = {},
): Promise<void> {
  const run = await getBacktestRun(db, runId);
  if (!run) throw new Error(`no backtest run ${runId}`);
  if (!(await startBacktestRun(db, runId, opts))) return;
  const log = logger.child({ backtestRun: runId });
  try {
    const language = run.language as Language;
    const report = await withDraftTree(language, run.draftFiles, rulesDir, async (dir) => {
      const draft = checkDraft(dir, new Set([language]));
      if (!draft.ok) throw new Error(`the draft does not ${draft.stage === 'lint' ? 'load' : 'pass its examples'}:\n${draft.problems.map((p) => `${path.basename(p.file)}:${p.line}:${p.col}: ${p.message}`).join('\n')}`);
      let last = 0;
      return runBacktest(db, {
        draftDir: dir,
        draft: draft.packs,
        samplesPerRule: APP_SAMPLES_PER_RULE,
        scope: {
          since: run.scope.since ? new Date(run.scope.since) : null,
          until: run.scope.until ? new Date(run.scope.until) : null,
          bank: run.scope.bank,
          banks: run.scope.banks,
          language,
        },
        onProgress: async (done, total) => {
          if (done !== 0 && done !== total && now() - last < PROGRESS_EVERY_MS) return;
          last = now();
          await setBacktestProgress(db, runId, done, total);
        },
      });
    });
    await finishBacktestRun(db, runId, report);
    log.info({ calls: report.calls }, 'backtest run done');
  } catch (err) {
    log.error({ err }, 'backtest run failed');
    await failBacktestRun(db, runId, err instanceof Error ? err.message : String(err));
  }
}
