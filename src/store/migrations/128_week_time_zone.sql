-- callguard schema 128: the week of every dashboard figure begins on Monday 00:00 in one time zone,
-- the deployment's (`SELECT week_time_zone()`; Asia/Shanghai unless changed).
--
-- Until now a call's week was that of the borrower's local date (its UTC offset) and a verdict's or
-- a case's week was the UTC week, so one Monday-morning hour could land in two different weeks on
-- the same page, and a week's QA sample (drawn by UTC week) did not match the dashboard's week. A
-- bank reads its weeks on its own clock: one zone, set for the deployment, now decides every week —
-- calls, findings, transcripts, verdicts, cases, the QA sample and the scorecard.
--
-- The zone is kept in the database rather than in each process's configuration because the rollup
-- triggers compute weeks inside the database: every writer (API, workers, CLI) must agree, and a
-- change of zone must move every rollup row in the same transaction (`set_week_time_zone`).
-- Asia/Shanghai is the default (docs/dashboards.md says why); China has no daylight saving time,
-- so for calls made at +08:00 nothing moves.

CREATE TABLE week_settings (
  -- One row: the key can only be true.
  one        boolean PRIMARY KEY DEFAULT true CHECK (one),
  time_zone  text NOT NULL
);
INSERT INTO week_settings (time_zone) VALUES ('Asia/Shanghai');

CREATE FUNCTION week_time_zone() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT time_zone FROM week_settings
$$;

-- The Monday of the week an instant falls in, in the deployment's zone. The zone is written into
-- the function (set_week_time_zone writes it anew), not read from week_settings: a plain
-- expression is inlined into each query, where a lookup would run once per row of a rebuild.
-- IMMUTABLE only between two changes of zone: no index or generated column may use it, since a
-- change of zone would leave them computed with the old one.
CREATE FUNCTION dash_week(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date_trunc('week', t AT TIME ZONE 'Asia/Shanghai')::date
$$;

CREATE OR REPLACE FUNCTION dash_apply_findings(sign integer, changed findings[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dash_finding_weeks AS d (week, bank, team, agent_id, language, rule_id, category, severity,
                                       hits, confirmed, dismissed, noted, acted_on, missed)
  SELECT dash_week(c.started_at), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         f.rule_id, f.category, f.severity,
         sign * count(*) FILTER (WHERE f.origin = 'rule'),
         sign * count(*) FILTER (WHERE f.origin = 'rule' AND f.verdict = 'confirmed'),
         sign * count(*) FILTER (WHERE f.origin = 'rule' AND f.verdict = 'dismissed'),
         sign * count(*) FILTER (WHERE f.origin = 'rule' AND f.verdict = 'noted'),
         sign * count(*) FILTER (WHERE f.origin = 'rule' AND f.verdict = 'acted_on'),
         sign * count(*) FILTER (WHERE f.origin = 'manual')
    FROM unnest(changed) f JOIN calls c ON c.id = f.call_id
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (week, bank, team, agent_id, language, rule_id, category, severity) DO UPDATE
     SET hits = d.hits + EXCLUDED.hits, confirmed = d.confirmed + EXCLUDED.confirmed, dismissed = d.dismissed + EXCLUDED.dismissed,
         noted = d.noted + EXCLUDED.noted, acted_on = d.acted_on + EXCLUDED.acted_on, missed = d.missed + EXCLUDED.missed;

  INSERT INTO dash_review_weeks AS d (week, bank, team, agent_id, language, reviewer, verdict, reviews)
  SELECT dash_week(f.verdict_at), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         coalesce(f.verdict_by, ''), f.verdict, sign * count(*)
    FROM unnest(changed) f JOIN calls c ON c.id = f.call_id
   WHERE f.verdict IS NOT NULL AND f.origin = 'rule'
   GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (week, bank, team, agent_id, language, reviewer, verdict) DO UPDATE SET reviews = d.reviews + EXCLUDED.reviews;
END;
$$;

CREATE OR REPLACE FUNCTION dash_apply_call_flags(added findings[], removed findings[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dash_call_weeks AS d (week, bank, team, agent_id, language, calls, flagged_calls, violation_calls)
  SELECT dash_week(c.started_at), c.bank, coalesce(c.team, ''), c.agent_id, c.language, 0,
         sum(((now_n > 0)::int) - ((now_n - add_n + rem_n > 0)::int)),
         sum(((now_c > 0)::int) - ((now_c - add_c + rem_c > 0)::int))
    FROM (
      SELECT x.call_id, sum(x.add_n) AS add_n, sum(x.rem_n) AS rem_n, sum(x.add_c) AS add_c, sum(x.rem_c) AS rem_c
        FROM (SELECT a.call_id, (a.origin = 'rule')::int AS add_n, 0 AS rem_n, (a.verdict IS NOT DISTINCT FROM 'confirmed')::int AS add_c, 0 AS rem_c FROM unnest(added) a
              UNION ALL
              SELECT r.call_id, 0, (r.origin = 'rule')::int, 0, (r.verdict IS NOT DISTINCT FROM 'confirmed')::int FROM unnest(removed) r) x
       GROUP BY x.call_id
    ) ch
    JOIN calls c ON c.id = ch.call_id
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE f.origin = 'rule') AS now_n, count(*) FILTER (WHERE f.verdict = 'confirmed') AS now_c
        FROM findings f WHERE f.call_id = ch.call_id
    ) cur
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (week, bank, team, agent_id, language) DO UPDATE
     SET flagged_calls = d.flagged_calls + EXCLUDED.flagged_calls, violation_calls = d.violation_calls + EXCLUDED.violation_calls;
END;
$$;

CREATE OR REPLACE FUNCTION dash_apply_transcripts(sign integer, changed transcripts[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dash_transcript_weeks AS d (week, bank, team, agent_id, language, engine, transcripts, scored, quality_sum, low_quality)
  SELECT dash_week(c.started_at), c.bank, coalesce(c.team, ''), c.agent_id, c.language, t.engine,
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

CREATE OR REPLACE FUNCTION dash_apply_calls(sign integer, changed calls[], with_children boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  children findings[];
BEGIN
  INSERT INTO dash_call_weeks AS d (week, bank, team, agent_id, language, calls, flagged_calls, violation_calls)
  SELECT dash_week(c.started_at), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         sign * count(*),
         CASE WHEN with_children THEN sign * count(*) FILTER (WHERE EXISTS (SELECT 1 FROM findings f WHERE f.call_id = c.id AND f.origin = 'rule')) ELSE 0 END,
         CASE WHEN with_children THEN sign * count(*) FILTER (WHERE EXISTS (SELECT 1 FROM findings f WHERE f.call_id = c.id AND f.verdict = 'confirmed')) ELSE 0 END
    FROM unnest(changed) c
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (week, bank, team, agent_id, language) DO UPDATE
     SET calls = d.calls + EXCLUDED.calls, flagged_calls = d.flagged_calls + EXCLUDED.flagged_calls,
         violation_calls = d.violation_calls + EXCLUDED.violation_calls;
  IF NOT with_children THEN RETURN; END IF;

  -- dash_apply_findings joins calls as they are now: for the old group (sign -1 before an update
  -- took effect) it must see the rows passed in, so the findings are counted here by hand.
  INSERT INTO dash_finding_weeks AS d (week, bank, team, agent_id, language, rule_id, category, severity,
                                       hits, confirmed, dismissed, noted, acted_on, missed)
  SELECT dash_week(c.started_at), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         f.rule_id, f.category, f.severity,
         sign * count(*) FILTER (WHERE f.origin = 'rule'),
         sign * count(*) FILTER (WHERE f.origin = 'rule' AND f.verdict = 'confirmed'),
         sign * count(*) FILTER (WHERE f.origin = 'rule' AND f.verdict = 'dismissed'),
         sign * count(*) FILTER (WHERE f.origin = 'rule' AND f.verdict = 'noted'),
         sign * count(*) FILTER (WHERE f.origin = 'rule' AND f.verdict = 'acted_on'),
         sign * count(*) FILTER (WHERE f.origin = 'manual')
    FROM unnest(changed) c JOIN findings f ON f.call_id = c.id
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (week, bank, team, agent_id, language, rule_id, category, severity) DO UPDATE
     SET hits = d.hits + EXCLUDED.hits, confirmed = d.confirmed + EXCLUDED.confirmed, dismissed = d.dismissed + EXCLUDED.dismissed,
         noted = d.noted + EXCLUDED.noted, acted_on = d.acted_on + EXCLUDED.acted_on, missed = d.missed + EXCLUDED.missed;

  INSERT INTO dash_review_weeks AS d (week, bank, team, agent_id, language, reviewer, verdict, reviews)
  SELECT dash_week(f.verdict_at), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         coalesce(f.verdict_by, ''), f.verdict, sign * count(*)
    FROM unnest(changed) c JOIN findings f ON f.call_id = c.id
   WHERE f.verdict IS NOT NULL AND f.origin = 'rule'
   GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (week, bank, team, agent_id, language, reviewer, verdict) DO UPDATE SET reviews = d.reviews + EXCLUDED.reviews;

  INSERT INTO dash_transcript_weeks AS d (week, bank, team, agent_id, language, engine, transcripts, scored, quality_sum, low_quality)
  SELECT dash_week(c.started_at), c.bank, coalesce(c.team, ''), c.agent_id, c.language, t.engine,
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

CREATE OR REPLACE FUNCTION dash_calls_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved_from calls[];
  moved_to calls[];
BEGIN
  -- Status changes are most of the updates of calls and move nothing: they cost one join of the
  -- statement's own rows.
  SELECT coalesce(array_agg(o), '{}'), coalesce(array_agg(n), '{}') INTO moved_from, moved_to
    FROM old_rows o JOIN new_rows n ON n.id = o.id
   WHERE (dash_week(o.started_at), o.bank, o.team, o.agent_id, o.language)
         IS DISTINCT FROM (dash_week(n.started_at), n.bank, n.team, n.agent_id, n.language);
  IF cardinality(moved_to) = 0 THEN RETURN NULL; END IF;
  PERFORM dash_apply_calls(-1, moved_from, true);
  PERFORM dash_apply_calls(1, moved_to, true);
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION dash_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE dash_call_weeks, dash_finding_weeks, dash_review_weeks, dash_transcript_weeks;
  INSERT INTO dash_call_weeks (week, bank, team, agent_id, language, calls, flagged_calls, violation_calls)
  SELECT dash_week(c.started_at), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         count(*), count(*) FILTER (WHERE f.rule_n > 0), count(*) FILTER (WHERE f.confirmed > 0)
    FROM calls c
    LEFT JOIN (SELECT call_id, count(*) FILTER (WHERE origin = 'rule') AS rule_n, count(*) FILTER (WHERE verdict = 'confirmed') AS confirmed
                 FROM findings GROUP BY call_id) f ON f.call_id = c.id
   GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO dash_finding_weeks (week, bank, team, agent_id, language, rule_id, category, severity, hits, confirmed, dismissed, noted, acted_on, missed)
  SELECT dash_week(c.started_at), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         f.rule_id, f.category, f.severity,
         count(*) FILTER (WHERE f.origin = 'rule'),
         count(*) FILTER (WHERE f.origin = 'rule' AND f.verdict = 'confirmed'),
         count(*) FILTER (WHERE f.origin = 'rule' AND f.verdict = 'dismissed'),
         count(*) FILTER (WHERE f.origin = 'rule' AND f.verdict = 'noted'),
         count(*) FILTER (WHERE f.origin = 'rule' AND f.verdict = 'acted_on'),
         count(*) FILTER (WHERE f.origin = 'manual')
    FROM findings f JOIN calls c ON c.id = f.call_id
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  INSERT INTO dash_review_weeks (week, bank, team, agent_id, language, reviewer, verdict, reviews)
  SELECT dash_week(f.verdict_at), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         coalesce(f.verdict_by, ''), f.verdict, count(*)
    FROM findings f JOIN calls c ON c.id = f.call_id
   WHERE f.verdict IS NOT NULL AND f.origin = 'rule'
   GROUP BY 1, 2, 3, 4, 5, 6, 7;
  INSERT INTO dash_transcript_weeks (week, bank, team, agent_id, language, engine, transcripts, scored, quality_sum, low_quality)
  SELECT dash_week(c.started_at), c.bank, coalesce(c.team, ''), c.agent_id, c.language, t.engine,
         count(*), count(t.quality -> 'score'), coalesce(sum((t.quality ->> 'score')::float8), 0),
         count(*) FILTER (WHERE (t.quality ->> 'score')::float8 < 0.5)
    FROM transcripts t JOIN calls c ON c.id = t.call_id
   GROUP BY 1, 2, 3, 4, 5, 6;
END;
$$;

DROP FUNCTION dash_week(timestamptz, integer);

-- A new zone moves every week: the setting and the rollups change in one transaction (the
-- rollups are rebuilt from scratch, as after a bulk repair). An unknown zone is refused before
-- anything changes. The QA sample's drawn weeks stay as drawn: each names its Monday.
CREATE FUNCTION set_week_time_zone(zone text) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM now() AT TIME ZONE zone;
  UPDATE week_settings SET time_zone = zone;
  EXECUTE format($sql$
    CREATE OR REPLACE FUNCTION dash_week(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$
      SELECT date_trunc('week', t AT TIME ZONE %L)::date
    $body$$sql$, zone);
  PERFORM dash_rebuild();
END;
$f$;

SELECT dash_rebuild();
