-- callguard schema 135: publishing rule packs from the database, rolling back, and re-scans.
-- A published pack keeps the pack it replaced and what changed (a unified diff per file and a
-- summary per rule), so each change can be justified to the bank afterwards.
ALTER TABLE rule_packs
  ADD COLUMN previous_hash text,
  ADD COLUMN diff jsonb;

-- Every publish and rollback, in order: which version became active, when, by whom, and why.
-- rule_packs holds each version once; this is the history of which one was live.
CREATE TABLE rule_pack_activations (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  language     text NOT NULL,
  content_hash text NOT NULL REFERENCES rule_packs (content_hash),
  action       text NOT NULL CHECK (action IN ('publish', 'rollback')),
  actor        text NOT NULL CHECK (actor <> ''),
  message      text NOT NULL DEFAULT '',
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rule_pack_activations_language_idx ON rule_pack_activations (language, id DESC);

-- Which pack version each worker process has loaded, refreshed by a heartbeat: the review app
-- shows whether every worker runs what was published.
CREATE TABLE worker_rule_packs (
  worker     text NOT NULL,
  language   text NOT NULL,
  pack_hash  text NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now(),
  seen_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (worker, language)
);

-- A re-scan with a new rule version supersedes the call's findings of earlier versions: they stay
-- (with their verdicts, tied to what they judged) and the views show the current ones. A verdict
-- carried over to the new version's finding names the finding it came from.
ALTER TABLE findings
  ADD COLUMN superseded_at timestamptz,
  ADD COLUMN superseded_by_pack text,
  ADD COLUMN verdict_carried_from bigint REFERENCES findings (id);
CREATE INDEX findings_current_call_idx ON findings (call_id) WHERE superseded_at IS NULL;
