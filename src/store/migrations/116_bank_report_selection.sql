-- callguard schema 116: the supervisor's choice of what goes into the report to the bank, kept with
-- the report draft: which of the case's calls, and which findings are cited (their excerpt printed,
-- their clip in the evidence bundle). NULL = the default (the chosen calls, else the calls with
-- findings, plus every call whose recording is missing or failed).
ALTER TABLE bank_report_drafts ADD COLUMN selection jsonb
  CHECK (selection IS NULL OR (jsonb_typeof(selection -> 'callIds') = 'array'
    AND jsonb_typeof(selection -> 'findingIds') IN ('array', 'null')));
