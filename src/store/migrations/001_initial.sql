-- callguard schema 001: calls, stage results, transcripts, rule packs, findings, cases, case
-- events, complaints. Every table a pipeline stage writes has a natural unique key so a stage that
-- runs twice (retry, crash, re-ingest) changes nothing the second time.

-- One row per call: a recording, or a dialer call record without audio. `id` is the call id from
-- the agency's metadata; the same recording under another id is caught by audio_sha256.
CREATE TABLE calls (
  id                 text PRIMARY KEY CHECK (id <> ''),
  source             text NOT NULL DEFAULT 'recording' CHECK (source IN ('recording', 'dialer_record')),
  agency             text,
  agent_id           text NOT NULL,
  agent_name         text,
  team               text,
  bank               text NOT NULL,
  borrower_id        text NOT NULL,
  phone              text, -- personal data: never logged, masked for roles that do not need it
  direction          text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
  -- The instant, plus the borrower's UTC offset at that time: the hours rules judge local time,
  -- and a timestamptz alone forgets the offset it was written with.
  started_at         timestamptz NOT NULL,
  utc_offset_minutes integer NOT NULL CHECK (utc_offset_minutes BETWEEN -1080 AND 1080),
  duration_ms        integer CHECK (duration_ms >= 0),
  connected          boolean,
  first_contact      boolean NOT NULL DEFAULT false,
  language           text NOT NULL,
  channel_layout     text CHECK (channel_layout IN ('agent-left', 'agent-right', 'mono')),
  metadata           jsonb NOT NULL DEFAULT '{}', -- the CallMeta as received, extra keys included
  audio_sha256       text CHECK (audio_sha256 ~ '^[0-9a-f]{64}$'),
  audio_format       text,
  audio_bytes        bigint CHECK (audio_bytes >= 0),
  recording          jsonb, -- RecordingFacts from the decode stage
  status             text NOT NULL DEFAULT 'received'
                     CHECK (status IN ('received', 'decoded', 'transcribed', 'scanned', 'triaged', 'done', 'failed')),
  status_reason      text, -- why it failed (or a note on the last transition); no personal data
  received_at        timestamptz NOT NULL DEFAULT now(),
  decoded_at         timestamptz,
  transcribed_at     timestamptz,
  scanned_at         timestamptz,
  triaged_at         timestamptz,
  done_at            timestamptz,
  failed_at          timestamptz,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'failed' OR status_reason IS NOT NULL)
);
CREATE UNIQUE INDEX calls_audio_sha256_key ON calls (audio_sha256) WHERE audio_sha256 IS NOT NULL;
CREATE INDEX calls_borrower_started_idx ON calls (bank, borrower_id, started_at);
CREATE INDEX calls_borrower_only_idx ON calls (borrower_id, started_at);
CREATE INDEX calls_agent_started_idx ON calls (agent_id, started_at);
CREATE INDEX calls_status_idx ON calls (status);
CREATE INDEX calls_started_idx ON calls (started_at);

-- The result of one stage for one call, keyed by (call, stage, version): a stage that runs again
-- with the same version overwrites its own row; a new version adds a row beside the old one.
CREATE TABLE stage_results (
  call_id     text NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  stage       text NOT NULL,
  version     text NOT NULL DEFAULT '',
  result      jsonb NOT NULL DEFAULT '{}',
  finished_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (call_id, stage, version)
);

-- A transcript per (call, engine, version); `version` names the engine build and model, so a
-- re-transcription with a better model is a new row and the old one stays for comparison.
CREATE TABLE transcripts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  call_id     text NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  engine      text NOT NULL,
  model       text,
  version     text NOT NULL DEFAULT '',
  language    text NOT NULL,
  segments    jsonb NOT NULL CHECK (jsonb_typeof(segments) = 'array'),
  -- The segments' text joined by newlines: what transcript search reads. Personal data.
  text        text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (call_id, engine, version)
);
CREATE INDEX transcripts_call_idx ON transcripts (call_id, created_at DESC);

-- A published version of a language's rule pack. `content_hash` covers every rule file, so the
-- same content published twice is one row. At most one active pack per language.
CREATE TABLE rule_packs (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  language     text NOT NULL,
  content_hash text NOT NULL UNIQUE,
  files        jsonb NOT NULL, -- [{ path, content }]: the YAML as the officer wrote it
  rule_count   integer NOT NULL DEFAULT 0,
  published_by text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  note         text,
  active       boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX rule_packs_one_active_idx ON rule_packs (language) WHERE active;

-- One rule hit. The unique key makes a re-scan with the same rule version a no-op (the verdict a
-- reviewer gave is kept); a new rule version adds findings tagged with that version.
CREATE TABLE findings (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  call_id        text NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  rule_id        text NOT NULL,
  rule_version   text NOT NULL,
  pack_hash      text,
  category       text NOT NULL,
  severity       text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  speaker        text NOT NULL CHECK (speaker IN ('agent', 'customer', 'unknown', 'call')),
  start_ms       integer NOT NULL CHECK (start_ms >= 0),
  end_ms         integer NOT NULL CHECK (end_ms >= start_ms),
  quote          text NOT NULL DEFAULT '', -- personal data
  matched        text[] NOT NULL DEFAULT '{}',
  source         text NOT NULL DEFAULT '',
  title          text NOT NULL DEFAULT '',
  segment_index  integer CHECK (segment_index >= 0),
  created_at     timestamptz NOT NULL DEFAULT now(),
  verdict        text CHECK (verdict IN ('confirmed', 'dismissed')),
  verdict_reason text,
  verdict_note   text,
  verdict_by     text,
  verdict_at     timestamptz,
  CHECK ((verdict IS NULL) = (verdict_at IS NULL)),
  UNIQUE NULLS NOT DISTINCT (call_id, rule_id, rule_version, segment_index, start_ms)
);
CREATE INDEX findings_call_idx ON findings (call_id);
CREATE INDEX findings_rule_idx ON findings (rule_id, rule_version);
CREATE INDEX findings_unreviewed_idx ON findings (call_id) WHERE verdict IS NULL;

-- A complaint-risk case about one borrower at one bank. Borrower ids are the bank's, so the
-- pair (bank, borrower_id) names a borrower. Terminal states: dismissed, followed_up.
CREATE TABLE cases (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  bank                text NOT NULL,
  borrower_id         text NOT NULL,
  status              text NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'investigating', 'confirmed', 'dismissed', 'reported_to_bank', 'resolved', 'followed_up')),
  opened_reason       text NOT NULL CHECK (opened_reason IN ('risk_threshold', 'critical_finding', 'complaint', 'manual')),
  risk_score          double precision NOT NULL DEFAULT 0,
  opened_at           timestamptz NOT NULL DEFAULT now(),
  sla_due_at          timestamptz NOT NULL,
  first_response_at   timestamptz,
  assigned_to         text,
  reported_to_bank_at timestamptz,
  reported_to_bank_by text,
  resolved_at         timestamptz,
  resolution          text,
  followed_up_at      timestamptz,
  follow_up_note      text,
  follow_up_call_id   text REFERENCES calls (id),
  closed_at           timestamptz,
  updated_at          timestamptz NOT NULL DEFAULT now()
);
-- At most one open case per borrower: concurrent triage of two calls of one borrower cannot open two.
CREATE UNIQUE INDEX cases_one_open_per_borrower_idx ON cases (bank, borrower_id) WHERE status NOT IN ('dismissed', 'followed_up');
CREATE INDEX cases_status_due_idx ON cases (status, sla_due_at);
CREATE INDEX cases_borrower_idx ON cases (borrower_id);

CREATE TABLE case_calls (
  case_id  bigint NOT NULL REFERENCES cases (id),
  call_id  text NOT NULL REFERENCES calls (id),
  added_at timestamptz NOT NULL DEFAULT now(),
  added_by text NOT NULL,
  PRIMARY KEY (case_id, call_id)
);
CREATE INDEX case_calls_call_idx ON case_calls (call_id);

-- The case's history: every status change, note, assignment. Append-only: the triggers below
-- refuse UPDATE, DELETE and TRUNCATE, whoever asks.
CREATE TABLE case_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases (id),
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL CHECK (actor <> ''),
  kind        text NOT NULL CHECK (kind IN (
                'opened', 'status', 'note', 'assigned', 'call_added', 'finding_added', 'complaint_added',
                'risk_updated', 'report_generated', 'follow_up_recorded')),
  from_status text,
  to_status   text,
  body        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case_idx ON case_events (case_id, id);

CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER case_events_no_update_delete BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_append_only();
CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
  FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only();

-- A borrower's complaint, however it arrived. It opens or joins the borrower's case.
CREATE TABLE complaints (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id          bigint REFERENCES cases (id),
  bank             text NOT NULL,
  borrower_id      text NOT NULL,
  channel          text NOT NULL CHECK (channel IN ('phone', 'letter', 'bank', 'regulator', 'other')),
  received_at      timestamptz NOT NULL,
  content          text NOT NULL, -- personal data
  borrower_request text,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX complaints_case_idx ON complaints (case_id);
CREATE INDEX complaints_borrower_idx ON complaints (bank, borrower_id);
