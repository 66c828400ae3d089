-- callguard schema 120: the QA floor's data. Findings a reviewer adds by hand (what the rules
-- missed), verdicts for borrower signals, and the weekly random sample of unflagged calls, so
-- that both precision (verdicts on rule findings) and recall (manual findings, clean samples) of
-- the rule set can be estimated.

-- Who raised a finding: the scanner ('rule') or a reviewer ('manual', with who in created_by).
-- A manual finding names the rule it should have been caught by (its id and version), or
-- rule_id 'manual.missed' when no rule covers it; it is born confirmed by the one who added it.
ALTER TABLE findings
  ADD COLUMN origin text NOT NULL DEFAULT 'rule' CHECK (origin IN ('rule', 'manual')),
  ADD COLUMN created_by text,
  ADD CONSTRAINT findings_manual_has_author CHECK (origin = 'rule' OR created_by IS NOT NULL);
CREATE INDEX findings_manual_idx ON findings (call_id) WHERE origin = 'manual';

-- A borrower signal (complaint, hardship, cease, self-harm) is not the agent's fault: a reviewer
-- records that it was noted or acted on rather than confirming or dismissing it. The API decides
-- which verdicts a category takes; the database only knows the full set.
ALTER TABLE findings DROP CONSTRAINT findings_verdict_check;
ALTER TABLE findings ADD CONSTRAINT findings_verdict_check
  CHECK (verdict IN ('confirmed', 'dismissed', 'noted', 'acted_on'));

-- Unflagged calls drawn for review, per agent per ISO week (week_start is that week's Monday).
-- The draw is idempotent per week: a call is sampled at most once. outcome: 'clean' when the
-- reviewer found nothing, 'violation' when they added a manual finding.
CREATE TABLE qa_samples (
  call_id     text PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
  week_start  date NOT NULL CHECK (extract(isodow FROM week_start) = 1),
  agent_id    text NOT NULL,
  sampled_at  timestamptz NOT NULL,
  reviewed_at timestamptz,
  reviewed_by text,
  outcome     text CHECK (outcome IN ('clean', 'violation')),
  CHECK ((outcome IS NULL) = (reviewed_at IS NULL)),
  CHECK ((reviewed_by IS NULL) = (reviewed_at IS NULL))
);
CREATE INDEX qa_samples_week_agent_idx ON qa_samples (week_start, agent_id);
CREATE INDEX qa_samples_open_idx ON qa_samples (sampled_at) WHERE reviewed_at IS NULL;

-- One row per drawn week: what makes the draw idempotent (the periodic job and an on-demand draw
-- of a week already drawn change nothing) and records the settings and seed it was drawn with, so
-- the same draw can be reproduced.
CREATE TABLE qa_sample_draws (
  week_start date PRIMARY KEY CHECK (extract(isodow FROM week_start) = 1),
  seed       text NOT NULL,
  percent    double precision NOT NULL CHECK (percent >= 0 AND percent <= 100),
  minimum    integer NOT NULL CHECK (minimum >= 0),
  candidates integer NOT NULL CHECK (candidates >= 0),
  sampled    integer NOT NULL CHECK (sampled >= 0),
  drawn_at   timestamptz NOT NULL,
  drawn_by   text NOT NULL
);
