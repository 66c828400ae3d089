-- callguard schema 130: backtests of draft rule packs started from the review app. A run keeps the
-- whole draft it tested (every file of the language's pack, as run) and its scope, so the report can
-- be traced to exactly what was tested; the report is the JSON `callguard rules backtest --json`
-- prints (samples hold masked quotes only). Progress is written while the run reads calls.
CREATE TABLE backtest_runs (
  id             bigserial PRIMARY KEY,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  language       text NOT NULL,
  -- { since, until, bank, banks }: banks is the creator's bank scope (null = all banks).
  scope          jsonb NOT NULL DEFAULT '{}',
  draft_files    jsonb NOT NULL CHECK (jsonb_typeof(draft_files) = 'array'),
  draft_hash     text NOT NULL,
  -- The files the officer changed (paths), for the run list.
  changed_files  text[] NOT NULL DEFAULT '{}',
  status         text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress_done  integer NOT NULL DEFAULT 0 CHECK (progress_done >= 0),
  progress_total integer CHECK (progress_total >= 0),
  report         jsonb,
  error          text,
  started_at     timestamptz,
  finished_at    timestamptz,
  CHECK (status <> 'done' OR report IS NOT NULL),
  CHECK (status <> 'failed' OR error IS NOT NULL)
);
CREATE INDEX backtest_runs_created_idx ON backtest_runs (created_at DESC, id DESC);
