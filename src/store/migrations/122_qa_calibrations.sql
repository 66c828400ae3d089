-- callguard schema 122: calibration. A supervisor puts a call before two or more reviewers who each
-- give their own verdict on every finding without seeing the others' (nor the call's shared
-- verdicts); agreement per category (Cohen's kappa) is computed from these rows. They never change
-- the findings' own verdicts.
CREATE TABLE qa_calibrations (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  call_id    text NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX qa_calibrations_call_idx ON qa_calibrations (call_id);

CREATE TABLE qa_calibration_reviewers (
  calibration_id bigint NOT NULL REFERENCES qa_calibrations (id) ON DELETE CASCADE,
  reviewer       text NOT NULL,
  submitted_at   timestamptz,
  PRIMARY KEY (calibration_id, reviewer)
);
CREATE INDEX qa_calibration_reviewers_reviewer_idx ON qa_calibration_reviewers (reviewer) WHERE submitted_at IS NULL;

CREATE TABLE qa_calibration_verdicts (
  calibration_id bigint NOT NULL,
  reviewer       text NOT NULL,
  finding_id     bigint NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  verdict        text NOT NULL CHECK (verdict IN ('confirmed', 'dismissed', 'noted', 'acted_on')),
  at             timestamptz NOT NULL,
  PRIMARY KEY (calibration_id, reviewer, finding_id),
  FOREIGN KEY (calibration_id, reviewer) REFERENCES qa_calibration_reviewers (calibration_id, reviewer) ON DELETE CASCADE
);
