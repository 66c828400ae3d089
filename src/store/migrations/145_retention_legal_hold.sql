-- callguard schema 145: retention (what a purge removed, and when) and legal holds.
--
-- A purge removes a call's data kind by kind as each falls due (docs/operations.md, "Retention"):
-- the recording (the object in the audio store; the hash stays, it is not personal data and still
-- names the recording in the audit log), the transcripts (deleted, or kept with numbers masked),
-- the findings, and at last the call row itself. The columns say which kinds are gone already, so a
-- purge run twice finds nothing to do the second time.
ALTER TABLE calls
  ADD COLUMN audio_purged_at      timestamptz,
  ADD COLUMN transcript_purged_at timestamptz,
  ADD COLUMN findings_purged_at   timestamptz;
-- The purge walks calls by start time; the calls it already emptied leave this index.
CREATE INDEX calls_retention_idx ON calls (started_at, id) WHERE audio_purged_at IS NULL OR transcript_purged_at IS NULL OR findings_purged_at IS NULL;

-- A hold on a case keeps its calls' audio, transcripts and findings, and the case itself, from any
-- purge until it is released. `origin` 'complaint' is placed by the trigger below when a complaint
-- joins a case; 'supervisor' by a person. Released holds stay, as the record of who released what.
CREATE TABLE legal_holds (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id        bigint NOT NULL REFERENCES cases (id),
  origin         text NOT NULL CHECK (origin IN ('complaint', 'supervisor')),
  reason         text NOT NULL CHECK (reason <> ''),
  placed_by      text NOT NULL CHECK (placed_by <> ''),
  placed_at      timestamptz NOT NULL DEFAULT now(),
  released_by    text,
  released_at    timestamptz,
  release_reason text,
  CHECK ((released_at IS NULL) = (released_by IS NULL) AND (released_at IS NULL) = (release_reason IS NULL))
);
CREATE INDEX legal_holds_case_idx ON legal_holds (case_id) WHERE released_at IS NULL;
-- One automatic hold per case: a second complaint on the same case adds nothing to hold.
CREATE UNIQUE INDEX legal_holds_one_complaint_hold_idx ON legal_holds (case_id) WHERE origin = 'complaint';

-- A complaint on a case holds it: placed here, in the complaint's own transaction, so no code path
-- that records a complaint can forget it. Audited as the system.
CREATE FUNCTION complaints_place_legal_hold() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  hold_id bigint;
BEGIN
  IF NEW.case_id IS NULL THEN RETURN NEW; END IF;
  INSERT INTO legal_holds (case_id, origin, reason, placed_by)
  VALUES (NEW.case_id, 'complaint', 'complaint ' || NEW.id, 'system')
  ON CONFLICT (case_id) WHERE origin = 'complaint' DO NOTHING
  RETURNING id INTO hold_id;
  IF hold_id IS NOT NULL THEN
    INSERT INTO audit_events (actor, action, entity_type, entity_id, after)
    VALUES ('system', 'legal_hold.place', 'case', NEW.case_id::text,
            jsonb_build_object('holdId', hold_id, 'origin', 'complaint', 'complaintId', NEW.id));
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER complaints_legal_hold AFTER INSERT OR UPDATE OF case_id ON complaints
  FOR EACH ROW EXECUTE FUNCTION complaints_place_legal_hold();

-- Complaint cases from before this migration are held like new ones.
INSERT INTO legal_holds (case_id, origin, reason, placed_by)
SELECT DISTINCT ON (case_id) case_id, 'complaint', 'complaint ' || id, 'system'
  FROM complaints WHERE case_id IS NOT NULL ORDER BY case_id, id;

-- Each purge run: when, by whom (host:pid), and what it removed (counts; the ids are in the audit
-- log). The daily job claims its run here, so the fleet purges once a day.
CREATE TABLE retention_runs (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz,
  holder      text NOT NULL,
  counts      jsonb NOT NULL DEFAULT '{}',
  error       text
);
CREATE INDEX retention_runs_started_idx ON retention_runs (started_at DESC);
