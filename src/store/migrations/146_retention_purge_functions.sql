-- callguard schema 146: how a retention purge removes rows from the append-only tables.
--
-- case_events and audit_events refuse DELETE whoever asks (migrations 001, 100), and the runtime
-- role has no DELETE on audit_events at all (src/store/runtime-role.ts). Retention still has to
-- remove them when their period is over. Two functions owned by the schema's owner do it, and
-- nothing else can: the append-only triggers now let a DELETE through only when the purge flag is
-- set in the transaction *and* the current user owns the table, which inside these SECURITY
-- DEFINER functions it does, and for the runtime role it never does.

CREATE FUNCTION retention_purge_allowed(rel oid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('callguard.retention_purge', true), '') = 'on'
     AND current_user = (SELECT r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.oid = rel)
$$;

CREATE OR REPLACE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND retention_purge_allowed(TG_RELID) THEN RETURN OLD; END IF;
  RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND retention_purge_allowed(TG_RELID) THEN RETURN OLD; END IF;
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- The history of purged cases goes with them.
CREATE FUNCTION retention_delete_case_events(case_ids bigint[]) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  n bigint;
BEGIN
  PERFORM set_config('callguard.retention_purge', 'on', true);
  DELETE FROM case_events WHERE case_id = ANY(case_ids);
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM set_config('callguard.retention_purge', 'off', true);
  RETURN n;
END;
$$;

-- Where the audit log's chain now starts. Purging removes a *prefix* of the chain (the oldest rows,
-- never the newest, which the next row links to): the checkpoint keeps the seq and hash of the last
-- removed row, so `callguard audit verify` checks the remaining rows from there, and the purge's own
-- audit event (chained like every other) names the checkpoint, so a forged one breaks the chain.
CREATE TABLE audit_chain_checkpoints (
  seq         bigint PRIMARY KEY,
  hash        text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  rows_purged bigint NOT NULL,
  cutoff      timestamptz NOT NULL
);

-- Removes up to max_rows audit rows written before cutoff, oldest first, stopping at the first row
-- that is not due (the chain's prefix only) and always keeping the newest row. Never removes a row
-- younger than a year by the database's clock: no configuration or caller may empty recent history.
CREATE FUNCTION retention_purge_audit(cutoff timestamptz, max_rows integer, actor text)
RETURNS TABLE (purged bigint, through_seq bigint, checkpoint_hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  first_seq bigint;
  head_seq bigint;
  first_kept bigint;
  last_seq bigint;
  last_hash text;
  n bigint;
BEGIN
  -- The database's own clock bounds it, whatever the caller's: a year of history always stays.
  cutoff := least(cutoff, now() - interval '1 year');
  IF max_rows < 1 THEN RAISE EXCEPTION 'max_rows must be positive'; END IF;
  -- The chain's own lock: no row is appended while its start moves.
  PERFORM pg_advisory_xact_lock(7310245104);
  SELECT min(seq), max(seq) INTO first_seq, head_seq FROM audit_events;
  IF head_seq IS NULL THEN RETURN QUERY SELECT 0::bigint, NULL::bigint, NULL::text; RETURN; END IF;
  SELECT min(seq) INTO first_kept FROM audit_events WHERE at >= cutoff;
  last_seq := least(coalesce(first_kept, head_seq) - 1, head_seq - 1, first_seq + max_rows - 1);
  IF last_seq < first_seq THEN RETURN QUERY SELECT 0::bigint, NULL::bigint, NULL::text; RETURN; END IF;
  SELECT hash INTO last_hash FROM audit_events WHERE seq = last_seq;
  INSERT INTO audit_chain_checkpoints (seq, hash, rows_purged, cutoff) VALUES (last_seq, last_hash, last_seq - first_seq + 1, cutoff);
  PERFORM set_config('callguard.retention_purge', 'on', true);
  DELETE FROM audit_events WHERE seq <= last_seq;
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM set_config('callguard.retention_purge', 'off', true);
  INSERT INTO audit_events (actor, action, entity_type, entity_id, after)
  VALUES (actor, 'retention.purge_audit', 'audit_log', last_seq::text,
          jsonb_build_object('rows', n, 'fromSeq', first_seq, 'throughSeq', last_seq, 'checkpointHash', last_hash, 'cutoff', cutoff));
  RETURN QUERY SELECT n, last_seq, last_hash;
END;
$$;
