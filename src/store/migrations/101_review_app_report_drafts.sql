-- callguard schema 101 (the review app): the supervisor's written parts of the report to the bank.
-- The facts, calls and evidence come from the case; these are what a person must write: the cause
-- analysis, how such disputes will be handled, the lessons learned. One draft per case, edited in
-- place (every edit is an audit event with before/after).
CREATE TABLE bank_report_drafts (
  case_id          bigint PRIMARY KEY REFERENCES cases (id),
  cause_analysis   text NOT NULL DEFAULT '',
  dispute_handling text NOT NULL DEFAULT '',
  lessons_learned  text NOT NULL DEFAULT '',
  updated_by       text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
