-- callguard schema 110: the complaint procedure. A case is of one of two kinds, each with its own
-- state machine (src/cases/case-procedure.ts holds the table):
--   risk       open → escalated | dismissed; escalated → closed | dismissed (opened by triage)
--   complaint  received → accepted → investigating → explained → solution_proposed → resolved
--              → reported_to_bank → followed_up → closed; closed → investigating (reopen)
-- A risk case becomes a complaint case when a complaint joins it. The old single machine's rows are
-- mapped onto the new ones below; `first_response_at` keeps what was recorded, although from now on
-- only a contact record with the borrower sets it.

ALTER TABLE cases DROP CONSTRAINT cases_status_check;
DROP INDEX cases_one_open_per_borrower_idx;

ALTER TABLE cases
  ADD COLUMN kind                       text NOT NULL DEFAULT 'risk' CHECK (kind IN ('risk', 'complaint')),
  -- The complaint's clock start: when the (earliest) complaint was received.
  ADD COLUMN received_at                timestamptz,
  -- accepted: who complains, how, what they ask, and the response time promised to them.
  ADD COLUMN accepted_at                timestamptz,
  ADD COLUMN complainant_name           text, -- personal data
  ADD COLUMN complainant_relation       text CHECK (complainant_relation IN ('borrower', 'relative', 'representative', 'other')),
  ADD COLUMN complainant_contact        text, -- personal data
  ADD COLUMN complaint_channel          text CHECK (complaint_channel IN ('phone', 'letter', 'bank', 'regulator', 'other')),
  ADD COLUMN complainant_request        text,
  ADD COLUMN promised_response_at       timestamptz,
  ADD COLUMN investigating_at           timestamptz,
  -- The first contact record with the bank (the "report to the bank at once").
  ADD COLUMN bank_notified_at           timestamptz,
  ADD COLUMN explained_at               timestamptz,
  ADD COLUMN solution_text              text,
  ADD COLUMN solution_due_at            timestamptz,
  ADD COLUMN solution_proposed_at       timestamptz,
  ADD COLUMN outcome                    text CHECK (outcome IN ('founded', 'unfounded', 'partly_founded')),
  ADD COLUMN cause_analysis             text,
  -- A risk case's review: when it left `open` (escalated or dismissed).
  ADD COLUMN reviewed_at                timestamptz,
  -- The bank's regulator deadline (15 days from receipt) may be extended; the reason is kept.
  ADD COLUMN regulator_extension_days   integer NOT NULL DEFAULT 0 CHECK (regulator_extension_days BETWEEN 0 AND 60),
  ADD COLUMN regulator_extension_reason text,
  ADD COLUMN reopened_at                timestamptz;

-- Kind: a case with a complaint (or opened by one) is a complaint case.
UPDATE cases c SET kind = 'complaint'
WHERE c.opened_reason = 'complaint' OR EXISTS (SELECT 1 FROM complaints k WHERE k.case_id = c.id);

UPDATE cases c SET received_at = COALESCE((SELECT min(k.received_at) FROM complaints k WHERE k.case_id = c.id), c.opened_at)
WHERE c.kind = 'complaint';

-- Complaint cases. The old order was confirmed → reported_to_bank → resolved → followed_up; the new
-- one resolves before the written report. A dismissed complaint is closed as unfounded (it can be
-- reopened with a reason to be reported and followed up).
UPDATE cases SET
  status = CASE status
    WHEN 'open' THEN 'received'
    WHEN 'investigating' THEN 'investigating'
    WHEN 'confirmed' THEN 'investigating'
    WHEN 'reported_to_bank' THEN 'investigating'
    WHEN 'resolved' THEN 'reported_to_bank'
    WHEN 'followed_up' THEN 'closed'
    WHEN 'dismissed' THEN 'closed'
  END,
  outcome = CASE status
    WHEN 'resolved' THEN 'founded'
    WHEN 'followed_up' THEN 'founded'
    WHEN 'dismissed' THEN 'unfounded'
  END,
  solution_text = CASE WHEN status IN ('resolved', 'followed_up') THEN resolution END,
  bank_notified_at = reported_to_bank_at,
  investigating_at = CASE WHEN status <> 'open' THEN first_response_at END,
  closed_at = CASE WHEN status IN ('followed_up', 'dismissed') THEN COALESCE(closed_at, updated_at) END
WHERE kind = 'complaint';

-- Risk cases: anything a supervisor took further than `open` was an escalation.
UPDATE cases SET
  status = CASE status
    WHEN 'open' THEN 'open'
    WHEN 'investigating' THEN 'open'
    WHEN 'dismissed' THEN 'dismissed'
    WHEN 'followed_up' THEN 'closed'
    ELSE 'escalated'
  END,
  reviewed_at = CASE WHEN status NOT IN ('open', 'investigating') THEN COALESCE(first_response_at, updated_at) END,
  closed_at = CASE WHEN status IN ('followed_up', 'dismissed') THEN COALESCE(closed_at, updated_at) END
WHERE kind = 'risk';

ALTER TABLE cases ADD CONSTRAINT cases_kind_status_check CHECK (
  (kind = 'risk' AND status IN ('open', 'escalated', 'dismissed', 'closed'))
  OR (kind = 'complaint' AND status IN ('received', 'accepted', 'investigating', 'explained', 'solution_proposed',
                                        'resolved', 'reported_to_bank', 'followed_up', 'closed'))
);
-- At most one open case per borrower, as before; the closed states are now `dismissed` and `closed`.
CREATE UNIQUE INDEX cases_one_open_per_borrower_idx ON cases (bank, borrower_id) WHERE status NOT IN ('dismissed', 'closed');
CREATE INDEX cases_kind_open_idx ON cases (kind, status) WHERE status NOT IN ('dismissed', 'closed');

-- Calls the investigation chose (of all the borrower's calls pulled into the case).
ALTER TABLE case_calls
  ADD COLUMN chosen_at timestamptz,
  ADD COLUMN chosen_by text;

-- What was told to whom, when, by whom and how: the explanation to the borrower, the report to the
-- bank, the call back. The first one with the borrower is the case's first response.
CREATE TABLE contact_records (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id    bigint NOT NULL REFERENCES cases (id),
  at         timestamptz NOT NULL,
  contact_by text NOT NULL CHECK (contact_by <> ''),
  party      text NOT NULL CHECK (party IN ('borrower', 'bank', 'other')),
  channel    text NOT NULL CHECK (channel IN ('phone', 'sms', 'letter', 'visit', 'email', 'other')),
  summary    text NOT NULL CHECK (summary <> ''), -- personal data
  call_id    text REFERENCES calls (id),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_records_case_idx ON contact_records (case_id, at, id);

-- New timeline kinds: contact records, calls chosen, the kind change (risk → complaint), the
-- regulator deadline's extension, and the deadline sweep's warnings and breaches.
ALTER TABLE case_events DROP CONSTRAINT case_events_kind_check;
ALTER TABLE case_events ADD CONSTRAINT case_events_kind_check CHECK (kind IN (
  'opened', 'status', 'note', 'assigned', 'call_added', 'finding_added', 'complaint_added',
  'risk_updated', 'report_generated', 'follow_up_recorded',
  'contact_recorded', 'calls_chosen', 'kind_changed', 'deadline_extended', 'deadline_warning', 'deadline_breached'));
-- One warning per (case, deadline, due time, threshold), however many sweeps run at once: the
-- sweep inserts with ON CONFLICT DO NOTHING. A deadline whose due time moves (a reopened case, a
-- new promise) warns again.
CREATE UNIQUE INDEX case_events_deadline_once_idx ON case_events (case_id, (body->>'deadline'), (body->>'dueAt'), (body->>'threshold'))
  WHERE kind IN ('deadline_warning', 'deadline_breached');
