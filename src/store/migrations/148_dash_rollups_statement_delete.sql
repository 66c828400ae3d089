-- callguard schema 148: the dashboard rollups (125, 126) take deleted calls away once per statement.
--
-- Until now a row trigger took each deleted call away by itself (four upserts per call, its findings
-- and transcripts counted by hand): a retention purge of 100,000 calls spent most of its time there,
-- about 1.4 ms a call. A statement trigger with the deleted rows as a transition table cannot see the
-- call's findings and transcripts any more (their cascaded deletes have run by then, and found no
-- call to count them against), so the work is split:
--
-- * before each call goes, its findings and transcripts are deleted if it still has any; their own
--   statement triggers take them (and the call's flagged / violation marks) away while the call is
--   still there to say which week and group they counted in. One index probe each when the deleting
--   code removed them first, as the retention purge does, in one statement per batch;
-- * after the statement, the calls themselves are taken away from dash_call_weeks in one upsert,
--   through dash_apply_calls like every other change, so the two cannot count differently.
--
-- `dash_rebuild()` after any delete still gives the same figures (test/integration/api/dashboard.test.ts
-- and test/integration/pipeline/retention-purge.test.ts check it).

CREATE OR REPLACE FUNCTION dash_call_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM findings WHERE call_id = OLD.id) THEN
    DELETE FROM findings WHERE call_id = OLD.id;
  END IF;
  IF EXISTS (SELECT 1 FROM transcripts WHERE call_id = OLD.id) THEN
    DELETE FROM transcripts WHERE call_id = OLD.id;
  END IF;
  RETURN OLD;
END;
$$;

CREATE FUNCTION dash_calls_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE removed calls[];
BEGIN
  SELECT coalesce(array_agg(o), '{}') INTO removed FROM old_rows o;
  PERFORM dash_apply_calls(-1, removed, false);
  RETURN NULL;
END;
$$;

DROP TRIGGER dash_calls_delete ON calls;
CREATE TRIGGER dash_calls_delete_children BEFORE DELETE ON calls FOR EACH ROW EXECUTE FUNCTION dash_call_deleting();
CREATE TRIGGER dash_calls_delete AFTER DELETE ON calls REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dash_calls_deleted();
