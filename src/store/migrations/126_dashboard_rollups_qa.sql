-- callguard schema 126: the dashboard rollups (125) learn the QA floor's findings (120).
--
-- A finding a reviewer adds by hand (origin 'manual') is something the rules missed: it is counted
-- as `missed`, not as a hit of the rule set, and it makes its call a violation (it is born
-- confirmed) without making it flagged (flagged means the machine raised something). Borrower
-- signals take 'noted' / 'acted_on' instead of confirm / dismiss and are counted apart, so they
-- never raise an agent's violation figures. Review throughput counts the verdicts given on the
-- machine's findings; adding a manual finding is counted as a miss, not as a verdict.

ALTER TABLE dash_finding_weeks
  ADD COLUMN noted    integer NOT NULL DEFAULT 0,
  ADD COLUMN acted_on integer NOT NULL DEFAULT 0,
  ADD COLUMN missed   integer NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION dash_apply_findings(sign integer, changed findings[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dash_finding_weeks AS d (week, bank, team, agent_id, language, rule_id, category, severity,
                                       hits, confirmed, dismissed, noted, acted_on, missed)
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
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
  SELECT date_trunc('week', f.verdict_at AT TIME ZONE 'UTC')::date, c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         coalesce(f.verdict_by, ''), f.verdict, sign * count(*)
    FROM unnest(changed) f JOIN calls c ON c.id = f.call_id
   WHERE f.verdict IS NOT NULL AND f.origin = 'rule'
   GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (week, bank, team, agent_id, language, reviewer, verdict) DO UPDATE SET reviews = d.reviews + EXCLUDED.reviews;
END;
$$;

-- Flagged: the call has a finding of the rules. Violation: a confirmed finding, of the rules or added by hand.
CREATE OR REPLACE FUNCTION dash_apply_call_flags(added findings[], removed findings[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dash_call_weeks AS d (week, bank, team, agent_id, language, calls, flagged_calls, violation_calls)
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language, 0,
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

CREATE OR REPLACE FUNCTION dash_findings_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  removed findings[];
  added findings[];
BEGIN
  SELECT coalesce(array_agg(o), '{}'), coalesce(array_agg(n), '{}') INTO removed, added
    FROM old_rows o JOIN new_rows n ON n.id = o.id
   WHERE (o.verdict, o.verdict_by, o.verdict_at, o.rule_id, o.category, o.severity, o.call_id, o.origin)
         IS DISTINCT FROM (n.verdict, n.verdict_by, n.verdict_at, n.rule_id, n.category, n.severity, n.call_id, n.origin);
  IF cardinality(added) = 0 THEN RETURN NULL; END IF;
  PERFORM dash_apply_findings(-1, removed);
  PERFORM dash_apply_findings(1, added);
  PERFORM dash_apply_call_flags(added, removed);
  RETURN NULL;
END;
$$;

-- A call's whole contribution (a call moved between groups, or deleted): through the same
-- functions as the findings' own changes, so the two cannot count differently.
CREATE OR REPLACE FUNCTION dash_apply_calls(sign integer, changed calls[], with_children boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  children findings[];
BEGIN
  INSERT INTO dash_call_weeks AS d (week, bank, team, agent_id, language, calls, flagged_calls, violation_calls)
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
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
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
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
  SELECT date_trunc('week', f.verdict_at AT TIME ZONE 'UTC')::date, c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         coalesce(f.verdict_by, ''), f.verdict, sign * count(*)
    FROM unnest(changed) c JOIN findings f ON f.call_id = c.id
   WHERE f.verdict IS NOT NULL AND f.origin = 'rule'
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

CREATE OR REPLACE FUNCTION dash_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE dash_call_weeks, dash_finding_weeks, dash_review_weeks, dash_transcript_weeks;
  INSERT INTO dash_call_weeks (week, bank, team, agent_id, language, calls, flagged_calls, violation_calls)
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         count(*), count(*) FILTER (WHERE f.rule_n > 0), count(*) FILTER (WHERE f.confirmed > 0)
    FROM calls c
    LEFT JOIN (SELECT call_id, count(*) FILTER (WHERE origin = 'rule') AS rule_n, count(*) FILTER (WHERE verdict = 'confirmed') AS confirmed
                 FROM findings GROUP BY call_id) f ON f.call_id = c.id
   GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO dash_finding_weeks (week, bank, team, agent_id, language, rule_id, category, severity, hits, confirmed, dismissed, noted, acted_on, missed)
  SELECT dash_week(c.started_at, c.utc_offset_minutes), c.bank, coalesce(c.team, ''), c.agent_id, c.language,
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
  SELECT date_trunc('week', f.verdict_at AT TIME ZONE 'UTC')::date, c.bank, coalesce(c.team, ''), c.agent_id, c.language,
         coalesce(f.verdict_by, ''), f.verdict, count(*)
    FROM findings f JOIN calls c ON c.id = f.call_id
   WHERE f.verdict IS NOT NULL AND f.origin = 'rule'
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
