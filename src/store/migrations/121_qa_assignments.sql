-- callguard schema 121: who reviews which call. A supervisor assigns calls to a reviewer (in bulk);
-- the reviewer's "next call" claims one for claim_minutes (rules/policy.yaml qa_sampling). A claim
-- that lapsed lets another reviewer take the call, so work left open by someone who went home is
-- not stuck; the one whose claim lapsed can no longer record verdicts on it while the other holds it.
CREATE TABLE qa_assignments (
  call_id          text PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
  assigned_to      text NOT NULL,
  assigned_by      text NOT NULL,
  assigned_at      timestamptz NOT NULL,
  claimed_by       text,
  claimed_at       timestamptz,
  claim_expires_at timestamptz,
  CHECK ((claimed_by IS NULL) = (claim_expires_at IS NULL)),
  CHECK ((claimed_by IS NULL) = (claimed_at IS NULL))
);
CREATE INDEX qa_assignments_reviewer_idx ON qa_assignments (assigned_to, assigned_at);
CREATE INDEX qa_assignments_claim_idx ON qa_assignments (claim_expires_at) WHERE claimed_by IS NOT NULL;
