-- callguard schema 125: weekly rollups for the management dashboards.
--
-- A dashboard over a year of calls would otherwise read millions of findings per figure. These tables
-- hold the same counts grouped by the dashboards' filters (week, bank, team, agent, language), so a
-- figure reads a few thousand rows. They are kept exact by statement-level triggers on the tables the
-- pipeline and the review app write (calls, findings, transcripts): a count is as fresh as the commit
-- that changed it, with no refresh job to schedule or forget, and one statement of a stage (a scan's
-- findings, a batch's transcripts) updates each rollup row once. `dash_rebuild()` recomputes them from
-- scratch (this migration runs it for existing data; operators may run it after a bulk repair).
--
-- The week is the Monday of the call's local date (the borrower's UTC offset, as the hours rules
-- judge it), so a call and its findings fall in the same week whoever looks. Review throughput is
-- counted in the UTC week of the verdict. `team` is '' for calls without one (a key cannot be NULL).

CREATE FUNCTION dash_week(started_at timestamptz, utc_offset_minutes integer) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date_trunc('week', (started_at AT TIME ZONE 'UTC') + make_interval(mins => utc_offset_minutes))::date
$$;

-- Calls per week and group: all calls, calls with a finding, calls with a confirmed finding.
CREATE TABLE dash_call_weeks (
  week            date NOT NULL,
  bank            text NOT NULL,
  team            text NOT NULL,
  agent_id        text NOT NULL,
  language        text NOT NULL,
  calls           integer NOT NULL DEFAULT 0,
  flagged_calls   integer NOT NULL DEFAULT 0,
  violation_calls integer NOT NULL DEFAULT 0,
  PRIMARY KEY (week, bank, team, agent_id, language)
);

-- Findings per week, group and rule, with their verdicts so far.
CREATE TABLE dash_finding_weeks (
  week      date NOT NULL,
  bank      text NOT NULL,
  team      text NOT NULL,
  agent_id  text NOT NULL,
  language  text NOT NULL,
  rule_id   text NOT NULL,
  category  text NOT NULL,
  severity  text NOT NULL,
  hits      integer NOT NULL DEFAULT 0,
  confirmed integer NOT NULL DEFAULT 0,
  dismissed integer NOT NULL DEFAULT 0,
  PRIMARY KEY (week, bank, team, agent_id, language, rule_id, category, severity)
);

-- Verdicts given per UTC week of the verdict, reviewer and verdict, by the reviewed call's group.
CREATE TABLE dash_review_weeks (
  week     date NOT NULL,
  bank     text NOT NULL,
  team     text NOT NULL,
  agent_id text NOT NULL,
  language text NOT NULL,
  reviewer text NOT NULL,
  verdict  text NOT NULL,
  reviews  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (week, bank, team, agent_id, language, reviewer, verdict)
);

-- Transcripts per week, group and engine, with the sum of their quality scores (for the mean) and
-- how many scored under 0.5 (the policy's default transcript_quality_threshold).
CREATE TABLE dash_transcript_weeks (
  week          date NOT NULL,
  bank          text NOT NULL,
  team          text NOT NULL,
  agent_id      text NOT NULL,
  language      text NOT NULL,
  engine        text NOT NULL,
  transcripts   integer NOT NULL DEFAULT 0,
  scored        integer NOT NULL DEFAULT 0,
  quality_sum   double precision NOT NULL DEFAULT 0,
  low_quality   integer NOT NULL DEFAULT 0,
  PRIMARY KEY (week, bank, team, agent_id, language, engine)
);

-- The case figures read cases directly (far fewer rows than calls), by the week they opened or closed.
CREATE INDEX cases_opened_at_idx ON cases (opened_at);
CREATE INDEX cases_closed_at_idx ON cases (closed_at) WHERE closed_at IS NOT NULL;
-- Drill-downs and scorecards list an agent's or a team's calls in a date range.
CREATE INDEX calls_team_started_idx ON calls (team, started_at);

-- ── adding a set of findings (sign +1) or taking it away (-1) ──
CREATE FUNCTION dash_apply_findings(sign integer, changed findings[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dash_finding_weeks AS d (week, bank, team, agent_id, language, rule_id, category, severity, hits, confirmed, dismissed)
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         f.rule_id, f.category, f.severity,
         sign * count(*), sign * count(*) FILTER (WHERE f.verdict = 'confirmed'), sign * count(*) FILTER (WHERE f.verdict = 'dismissed')
    FROM unnest(changed) f JOIN calls c ON c.id = f.call_id
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (week, bank, team, agent_id, language, rule_id, category, severity) DO UPDATE
     SET hits = d.hits + EXCLUDED.hits, confirmed = d.confirmed + EXCLUDED.confirmed, dismissed = d.dismissed + EXCLUDED.dismissed;

  INSERT INTO dash_review_weeks AS d (week, bank, team, agent_id, language, reviewer, verdict, reviews)
  SELECT date_trunc('week', f.verdict_at AT TIME ZONE 'UTC')::date, c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         coalesce(f.verdict_by, ''), f.verdict, sign * count(*)
    FROM unnest(changed) f JOIN calls c ON c.id = f.call_id
   WHERE f.verdict IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (week, bank, team, agent_id, language, reviewer, verdict) DO UPDATE SET reviews = d.reviews + EXCLUDED.reviews;
END;
$$;

-- The per-call flags (flagged, violation) of the calls touched change by the difference between
-- what the call has now and what it had before this statement: before = now - added + removed.
CREATE FUNCTION dash_apply_call_flags(added findings[], removed findings[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dash_call_weeks AS d (week, bank, team, agent_id, language, calls, flagged_calls, violation_calls)
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language, 0,
         sum(((now_n > 0)::int) - ((now_n - add_n + rem_n > 0)::int)),
         sum(((now_c > 0)::int) - ((now_c - add_c + rem_c > 0)::int))
    FROM (
      SELECT x.call_id, sum(x.add_n) AS add_n, sum(x.rem_n) AS rem_n, sum(x.add_c) AS add_c, sum(x.rem_c) AS rem_c
        FROM (SELECT a.call_id, 1 AS add_n, 0 AS rem_n, (a.verdict IS NOT DISTINCT FROM 'confirmed')::int AS add_c, 0 AS rem_c FROM unnest(added) a
              UNION ALL
              SELECT r.call_id, 0, 1, 0, (r.verdict IS NOT DISTINCT FROM 'confirmed')::int FROM unnest(removed) r) x
       GROUP BY x.call_id
    ) ch
    JOIN calls c ON c.id = ch.call_id
    CROSS JOIN LATERAL (
      SELECT count(*) AS now_n, count(*) FILTER (WHERE f.verdict = 'confirmed') AS now_c FROM findings f WHERE f.call_id = ch.call_id
    ) cur
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (week, bank, team, agent_id, language) DO UPDATE
     SET flagged_calls = d.flagged_calls + EXCLUDED.flagged_calls, violation_calls = d.violation_calls + EXCLUDED.violation_calls;
END;
$$;

CREATE FUNCTION dash_findings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE added findings[];
BEGIN
  SELECT coalesce(array_agg(n), '{}') INTO added FROM new_rows n;
  PERFORM dash_apply_findings(1, added);
  PERFORM dash_apply_call_flags(added, '{}');
  RETURN NULL;
END;
$$;

CREATE FUNCTION dash_findings_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE removed findings[];
BEGIN
  SELECT coalesce(array_agg(o), '{}') INTO removed FROM old_rows o;
  PERFORM dash_apply_findings(-1, removed);
  PERFORM dash_apply_call_flags('{}', removed);
  RETURN NULL;
END;
$$;

CREATE FUNCTION dash_findings_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  removed findings[];
  added findings[];
BEGIN
  -- Only rows whose counted fields changed: most updates of findings are none of these.
  SELECT coalesce(array_agg(o), '{}'), coalesce(array_agg(n), '{}') INTO removed, added
    FROM old_rows o JOIN new_rows n ON n.id = o.id
   WHERE (o.verdict, o.verdict_by, o.verdict_at, o.rule_id, o.category, o.severity, o.call_id)
         IS DISTINCT FROM (n.verdict, n.verdict_by, n.verdict_at, n.rule_id, n.category, n.severity, n.call_id);
  IF cardinality(added) = 0 THEN RETURN NULL; END IF;
  PERFORM dash_apply_findings(-1, removed);
  PERFORM dash_apply_findings(1, added);
  PERFORM dash_apply_call_flags(added, removed);
  RETURN NULL;
END;
$$;

CREATE TRIGGER dash_findings_insert AFTER INSERT ON findings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dash_findings_inserted();
CREATE TRIGGER dash_findings_delete AFTER DELETE ON findings REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dash_findings_deleted();
CREATE TRIGGER dash_findings_update AFTER UPDATE ON findings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dash_findings_updated();

-- ── transcripts ──
CREATE FUNCTION dash_apply_transcripts(sign integer, changed transcripts[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dash_transcript_weeks AS d (week, bank, team, agent_id, language, engine, transcripts, scored, quality_sum, low_quality)
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language, t.engine,
         sign * count(*), sign * count(t.quality -> 'score'),
         sign * coalesce(sum((t.quality ->> 'score')::float8), 0),
         sign * count(*) FILTER (WHERE (t.quality ->> 'score')::float8 < 0.5)
    FROM unnest(changed) t JOIN calls c ON c.id = t.call_id
   GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (week, bank, team, agent_id, language, engine) DO UPDATE
     SET transcripts = d.transcripts + EXCLUDED.transcripts, scored = d.scored + EXCLUDED.scored,
         quality_sum = d.quality_sum + EXCLUDED.quality_sum, low_quality = d.low_quality + EXCLUDED.low_quality;
END;
$$;

CREATE FUNCTION dash_transcripts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- Assigned to typed variables: a transition table's rows aggregate as anonymous records.
  removed transcripts[];
  added transcripts[];
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT coalesce(array_agg(o), '{}') INTO removed FROM old_rows o;
    PERFORM dash_apply_transcripts(-1, removed);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    SELECT coalesce(array_agg(n), '{}') INTO added FROM new_rows n;
    PERFORM dash_apply_transcripts(1, added);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER dash_transcripts_insert AFTER INSERT ON transcripts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dash_transcripts_changed();
CREATE TRIGGER dash_transcripts_update AFTER UPDATE ON transcripts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dash_transcripts_changed();
CREATE TRIGGER dash_transcripts_delete AFTER DELETE ON transcripts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dash_transcripts_changed();

-- ── calls: counted on insert; a change of a grouping field moves everything of the call ──
CREATE FUNCTION dash_apply_calls(sign integer, changed calls[], with_children boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dash_call_weeks AS d (week, bank, team, agent_id, language, calls, flagged_calls, violation_calls)
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         sign * count(*),
         CASE WHEN with_children THEN sign * count(*) FILTER (WHERE EXISTS (SELECT 1 FROM findings f WHERE f.call_id = c.id)) ELSE 0 END,
         CASE WHEN with_children THEN sign * count(*) FILTER (WHERE EXISTS (SELECT 1 FROM findings f WHERE f.call_id = c.id AND f.verdict = 'confirmed')) ELSE 0 END
    FROM unnest(changed) c
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (week, bank, team, agent_id, language) DO UPDATE
     SET calls = d.calls + EXCLUDED.calls, flagged_calls = d.flagged_calls + EXCLUDED.flagged_calls,
         violation_calls = d.violation_calls + EXCLUDED.violation_calls;
  IF NOT with_children THEN RETURN; END IF;

  INSERT INTO dash_finding_weeks AS d (week, bank, team, agent_id, language, rule_id, category, severity, hits, confirmed, dismissed)
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         f.rule_id, f.category, f.severity,
         sign * count(*), sign * count(*) FILTER (WHERE f.verdict = 'confirmed'), sign * count(*) FILTER (WHERE f.verdict = 'dismissed')
    FROM unnest(changed) c JOIN findings f ON f.call_id = c.id
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (week, bank, team, agent_id, language, rule_id, category, severity) DO UPDATE
     SET hits = d.hits + EXCLUDED.hits, confirmed = d.confirmed + EXCLUDED.confirmed, dismissed = d.dismissed + EXCLUDED.dismissed;

  INSERT INTO dash_review_weeks AS d (week, bank, team, agent_id, language, reviewer, verdict, reviews)
  SELECT date_trunc('week', f.verdict_at AT TIME ZONE 'UTC')::date, c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         coalesce(f.verdict_by, ''), f.verdict, sign * count(*)
    FROM unnest(changed) c JOIN findings f ON f.call_id = c.id
   WHERE f.verdict IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (week, bank, team, agent_id, language, reviewer, verdict) DO UPDATE SET reviews = d.reviews + EXCLUDED.reviews;

  INSERT INTO dash_transcript_weeks AS d (week, bank, team, agent_id, language, engine, transcripts, scored, quality_sum, low_quality)
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language, t.engine,
         sign * count(*), sign * count(t.quality -> 'score'),
         sign * coalesce(sum((t.quality ->> 'score')::float8), 0),
         sign * count(*) FILTER (WHERE (t.quality ->> 'score')::float8 < 0.5)
    FROM unnest(changed) c JOIN transcripts t ON t.call_id = c.id
   GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (week, bank, team, agent_id, language, engine) DO UPDATE
     SET transcripts = d.transcripts + EXCLUDED.transcripts, scored = d.scored + EXCLUDED.scored,
         quality_sum = d.quality_sum + EXCLUDED.quality_sum, low_quality = d.low_quality + EXCLUDED.low_quality;
END;
$$;

CREATE FUNCTION dash_calls_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE added calls[];
BEGIN
  SELECT coalesce(array_agg(n), '{}') INTO added FROM new_rows n;
  PERFORM dash_apply_calls(1, added, false);
  RETURN NULL;
END;
$$;

CREATE FUNCTION dash_calls_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved_from calls[];
  moved_to calls[];
BEGIN
  -- Status changes are most of the updates of calls and move nothing: they cost one join of the
  -- statement's own rows.
  SELECT coalesce(array_agg(o), '{}'), coalesce(array_agg(n), '{}') INTO moved_from, moved_to
    FROM old_rows o JOIN new_rows n ON n.id = o.id
   WHERE (dash_week(o.started_at, o.utc_offset_minutes), o.bank, o.team, o.agent_id, o.language)
         IS DISTINCT FROM (dash_week(n.started_at, n.utc_offset_minutes), n.bank, n.team, n.agent_id, n.language);
  IF cardinality(moved_to) = 0 THEN RETURN NULL; END IF;
  PERFORM dash_apply_calls(-1, moved_from, true);
  PERFORM dash_apply_calls(1, moved_to, true);
  RETURN NULL;
END;
$$;

-- Before the row goes (its findings and transcripts still there): take away all of the call.
-- The cascaded deletes of its findings and transcripts then find no call and change nothing.
CREATE FUNCTION dash_call_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dash_apply_calls(-1, ARRAY[OLD], true);
  RETURN OLD;
END;
$$;

CREATE TRIGGER dash_calls_insert AFTER INSERT ON calls REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dash_calls_inserted();
CREATE TRIGGER dash_calls_update AFTER UPDATE ON calls REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dash_calls_updated();
CREATE TRIGGER dash_calls_delete BEFORE DELETE ON calls FOR EACH ROW EXECUTE FUNCTION dash_call_deleting();

-- ── from scratch ──
CREATE FUNCTION dash_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE dash_call_weeks, dash_finding_weeks, dash_review_weeks, dash_transcript_weeks;
  INSERT INTO dash_call_weeks (week, bank, team, agent_id, language, calls, flagged_calls, violation_calls)
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         count(*), count(*) FILTER (WHERE f.n > 0), count(*) FILTER (WHERE f.confirmed > 0)
    FROM calls c
    LEFT JOIN (SELECT call_id, count(*) AS n, count(*) FILTER (WHERE verdict = 'confirmed') AS confirmed
                 FROM findings GROUP BY call_id) f ON f.call_id = c.id
   GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO dash_finding_weeks (week, bank, team, agent_id, language, rule_id, category, severity, hits, confirmed, dismissed)
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         f.rule_id, f.category, f.severity,
         count(*), count(*) FILTER (WHERE f.verdict = 'confirmed'), count(*) FILTER (WHERE f.verdict = 'dismissed')
    FROM findings f JOIN calls c ON c.id = f.call_id
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  INSERT INTO dash_review_weeks (week, bank, team, agent_id, language, reviewer, verdict, reviews)
  SELECT date_trunc('week', f.verdict_at AT TIME ZONE 'UTC')::date, c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         coalesce(f.verdict_by, ''), f.verdict, count(*)
    FROM findings f JOIN calls c ON c.id = f.call_id
   WHERE f.verdict IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5, 6, 7;
  INSERT INTO dash_transcript_weeks (week, bank, team, agent_id, language, engine, transcripts, scored, quality_sum, low_quality)
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language, t.engine,
         count(*), count(t.quality -> 'score'), coalesce(sum((t.quality ->> 'score')::float8), 0),
         count(*) FILTER (WHERE (t.quality ->> 'score')::float8 < 0.5)
    FROM transcripts t JOIN calls c ON c.id = t.call_id
   GROUP BY 1, 2, 3, 4, 5, 6;
END;
$$;

SELECT dash_rebuild();
