-- callguard schema 105: metadata rows an ingest refused (a bad date, a missing UTC offset, an
-- unknown value), kept so `callguard status` lists them with file:line and reason after the ingest
-- command's output has scrolled away. A row leaves the list when a later ingest of the same file
-- and line succeeds (the row is deleted) or when an operator dismisses it (dismissed_at).
-- The reason is the validation message, which names fields, not their values.
CREATE TABLE refused_metadata_rows (
  id bigserial PRIMARY KEY,
  file text NOT NULL,
  line integer NOT NULL CHECK (line > 0),
  reason text NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  dismissed_at timestamptz,
  dismissed_by text,
  UNIQUE (file, line)
);
CREATE INDEX refused_metadata_rows_open ON refused_metadata_rows (last_seen_at) WHERE dismissed_at IS NULL;
