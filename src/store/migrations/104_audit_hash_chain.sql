-- callguard schema 104 (the review app): the audit log as a hash chain.
-- Each row carries `seq` (1, 2, 3… in the order rows were written), the hash of the row before it
-- (`prev_hash`, NULL for the first) and its own `hash`: SHA-256 (hex) over the previous hash and the
-- row's fields. Changing, removing or inserting a row anywhere breaks every later link, which
-- `callguard audit verify` reports (it recomputes the hashes outside the database). The trigger
-- takes a transaction-scoped advisory lock, so concurrent writers chain one after another.
--
-- The payload is each field as `<length in bytes>:<text>;` (`-;` for NULL), in this order: prev_hash, id,
-- seq, at (UTC, microseconds), actor, actor_role, action, entity_type, entity_id, before, after
-- (jsonb's text form), ip. Length-prefixing needs no escaping and cannot be read two ways.

ALTER TABLE audit_events ADD COLUMN seq bigint, ADD COLUMN prev_hash text, ADD COLUMN hash text;

CREATE FUNCTION audit_chain_field(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN '-;' ELSE octet_length(v)::text || ':' || v || ';' END
$$;

CREATE FUNCTION audit_chain_hash(e audit_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(
    audit_chain_field(e.prev_hash) || audit_chain_field(e.id::text) || audit_chain_field(e.seq::text)
    || audit_chain_field(to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    || audit_chain_field(e.actor) || audit_chain_field(e.actor_role) || audit_chain_field(e.action)
    || audit_chain_field(e.entity_type) || audit_chain_field(e.entity_id)
    || audit_chain_field(e.before::text) || audit_chain_field(e.after::text) || audit_chain_field(e.ip),
  'UTF8')), 'hex')
$$;

-- Rows written before this migration are chained in id order, once, here.
ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete;
DO $$
DECLARE
  r audit_events;
  prev text := NULL;
  n bigint := 0;
BEGIN
  FOR r IN SELECT * FROM audit_events ORDER BY id LOOP
    n := n + 1;
    r.seq := n;
    r.prev_hash := prev;
    r.hash := audit_chain_hash(r);
    UPDATE audit_events SET seq = r.seq, prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
    prev := r.hash;
  END LOOP;
END;
$$;
ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete;

ALTER TABLE audit_events ALTER COLUMN seq SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_events_seq_idx ON audit_events (seq);

CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last record;
BEGIN
  -- Arbitrary constant shared by every callguard process: the key of the audit chain's lock.
  PERFORM pg_advisory_xact_lock(7310245104);
  SELECT seq, hash INTO last FROM audit_events ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last.seq, 0) + 1;
  NEW.prev_hash := last.hash;
  NEW.hash := audit_chain_hash(NEW);
  RETURN NEW;
END;
$$;
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
