-- callguard schema 103: each transcript's quality estimate (src/asr/transcript-quality.ts):
-- { score 0..1, engine, signals [{ signal, value, factor, speaker?, detail }] }. NULL for transcripts
-- stored before the estimate existed; the scan stage reads it to raise a transcript_quality finding.
ALTER TABLE transcripts ADD COLUMN quality jsonb CHECK (quality IS NULL OR jsonb_typeof(quality) = 'object');
