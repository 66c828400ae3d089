import type { Queryable } from '../db.ts';
import type { RulePackFile } from '../repositories/rule-packs-repository.ts';

/** SQL for backtest runs (table `backtest_runs`, migration 130). */
export type BacktestRunStatus = 'queued' | 'running' | 'done' | 'failed';

export interface BacktestRunScope {
  since: string | null;
  until: string | null;
  bank: string | null;
  /** The creator's banks (null = all): a run never reads calls its creator may not see. */
  banks: string[] | null;
}

export interface BacktestRunRow {
  id: number;
  createdBy: string;
  createdAt: Date;
  language: string;
  scope: BacktestRunScope;
  draftHash: string;
  changedFiles: string[];
  status: BacktestRunStatus;
  progressDone: number;
  progressTotal: number | null;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface BacktestRunWithReport extends BacktestRunRow {
  draftFiles: RulePackFile[];
  report: unknown;
}

const COLUMNS = `id::int AS id, created_by AS "createdBy", created_at AS "createdAt", language, scope, draft_hash AS "draftHash",
  changed_files AS "changedFiles", status, progress_done AS "progressDone", progress_total AS "progressTotal", error,
  started_at AS "startedAt", finished_at AS "finishedAt"`;

export async function insertBacktestRun(
  q: Queryable,
  r: { createdBy: string; language: string; scope: BacktestRunScope; draftFiles: RulePackFile[]; draftHash: string; changedFiles: string[] },
): Promise<BacktestRunRow> {
  const { rows } = await q.query<BacktestRunRow>(
    `INSERT INTO backtest_runs (created_by, language, scope, draft_files, draft_hash, changed_files)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [r.createdBy, r.language, JSON.stringify(r.scope), JSON.stringify(r.draftFiles), r.draftHash, r.changedFiles],
  );
  return rows[0]!;
}

export async function getBacktestRun(q: Queryable, id: number): Promise<BacktestRunWithReport | null> {
  const { rows } = await q.query<BacktestRunWithReport>(
    `SELECT ${COLUMNS}, draft_files AS "draftFiles", report FROM backtest_runs WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** Newest first. */
export async function listBacktestRuns(q: Queryable, limit: number): Promise<BacktestRunRow[]> {
  const { rows } = await q.query<BacktestRunRow>(`SELECT ${COLUMNS} FROM backtest_runs ORDER BY created_at DESC, id DESC LIMIT $1`, [limit]);
  return rows;
}

/**
 * queued → running; false when the run is not queued (another runner took it, or it is over).
 * `takeOver`: the runner knows the one before it is dead (the queue handed it a job whose worker
 * stopped renewing its lock), so a run left `running` starts again from the beginning.
 */
export async function startBacktestRun(q: Queryable, id: number, opts: { takeOver?: boolean } = {}): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE backtest_runs SET status = 'running', started_at = now(), progress_done = 0
      WHERE id = $1 AND (status = 'queued' OR ($2 AND status = 'running'))`,
    [id, opts.takeOver === true],
  );
  return rowCount === 1;
}

export async function setBacktestProgress(q: Queryable, id: number, done: number, total: number): Promise<void> {
  await q.query(`UPDATE backtest_runs SET progress_done = $2, progress_total = $3 WHERE id = $1 AND status = 'running'`, [id, done, total]);
}

export async function finishBacktestRun(q: Queryable, id: number, report: unknown): Promise<void> {
  await q.query(
    `UPDATE backtest_runs SET status = 'done', report = $2, finished_at = now(), progress_done = COALESCE(progress_total, progress_done)
     WHERE id = $1 AND status = 'running'`,
    [id, JSON.stringify(report)],
  );
}

export async function failBacktestRun(q: Queryable, id: number, error: string): Promise<void> {
  await q.query(
    `UPDATE backtest_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
    [id, error],
  );
}

/**
 * Fails every queued or running run: for a process that runs backtests itself and is the only one
 * (embedded mode), at start, the runs a killed predecessor left can never finish. Returns their ids.
 */
export async function failUnfinishedBacktestRuns(q: Queryable, error: string): Promise<number[]> {
  const { rows } = await q.query<{ id: number }>(
    `UPDATE backtest_runs SET status = 'failed', error = $1, finished_at = now() WHERE status IN ('queued', 'running') RETURNING id::int AS id`,
    [error],
  );
  return rows.map((r) => r.id);
}
