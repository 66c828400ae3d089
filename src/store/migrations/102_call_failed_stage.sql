-- callguard schema 102: the stage a failed call failed in gets its own column, and the status
-- 'triaged', which no stage ever wrote, leaves the schema.
--
-- Until now the failed stage was written at the start of status_reason ("transcribe: …") and parsed
-- back by `callguard retry`; a reason that did not start with a stage name sent the call back to
-- ingest. The column says it outright. Rows failed before it are filled from the reason where its
-- first word names a stage; the others stay NULL (unknown: a retry starts them at ingest, as before).
ALTER TABLE calls ADD COLUMN failed_stage text
  CHECK (failed_stage IN ('ingest', 'decode', 'transcribe', 'scan', 'triage'));

UPDATE calls SET failed_stage = btrim(split_part(status_reason, ':', 1))
 WHERE status = 'failed'
   AND btrim(split_part(status_reason, ':', 1)) IN ('ingest', 'decode', 'transcribe', 'scan', 'triage');

-- Only a failed call names a failed stage.
ALTER TABLE calls ADD CONSTRAINT calls_failed_stage_only_when_failed CHECK (status = 'failed' OR failed_stage IS NULL);

-- 'triaged': triage commits 'done' in the same statement as its case change, so no call was ever in
-- it. Should one be, it goes back to 'scanned', from which triage (idempotent: a call joins a case
-- once) resumes it and records 'done'.
UPDATE calls SET status = 'scanned', updated_at = now() WHERE status = 'triaged';
ALTER TABLE calls DROP CONSTRAINT calls_status_check;
ALTER TABLE calls ADD CONSTRAINT calls_status_check
  CHECK (status IN ('received', 'decoded', 'transcribed', 'scanned', 'done', 'failed'));
ALTER TABLE calls DROP COLUMN triaged_at;
