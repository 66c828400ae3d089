-- callguard schema 115: notifications of case events (new complaint, assignment, deadline warning
-- and breach) by e-mail and signed webhook, delivered by a loop beside the case actions so that a
-- case action never waits for, nor fails because of, a receiver.

-- Where staff are reached. Optional: a user without an address gets no e-mail.
ALTER TABLE users ADD COLUMN email text CHECK (email IS NULL OR email ~ '^[^@\s]+@[^@\s]+$');

-- How far the notifier has read case_events (by id). One row per reader; the reader locks its row
-- (FOR UPDATE SKIP LOCKED), so of several processes only one turns each event into deliveries.
-- A missing id after `last_event_id` is an insert not yet committed, or one that never will be (a
-- rollback, an INSERT … ON CONFLICT DO NOTHING that drew an id). `gap_since`: when the reader first
-- met missing ids; `gap_upto`: the highest id it had seen then. Once a grace period has passed, every
-- missing id up to `gap_upto` is read past at once.
CREATE TABLE notify_cursors (
  name          text PRIMARY KEY,
  last_event_id bigint NOT NULL DEFAULT 0,
  gap_since     timestamptz,
  gap_upto      bigint
);
-- New installations start after the events that already exist: history is not announced.
INSERT INTO notify_cursors (name, last_event_id) SELECT 'case_events', COALESCE(MAX(id), 0) FROM case_events;

-- One message to one receiver about one case event. The text is built when it is sent, from ids;
-- nothing personal is stored here (recipient: a staff address or the webhook's URL without query).
CREATE TABLE notification_deliveries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id        bigint NOT NULL REFERENCES case_events (id),
  case_id         bigint NOT NULL REFERENCES cases (id),
  kind            text NOT NULL,
  channel         text NOT NULL CHECK (channel IN ('email', 'webhook')),
  recipient       text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until     timestamptz,
  created_at      timestamptz NOT NULL,
  finished_at     timestamptz,
  UNIQUE (event_id, channel, recipient)
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status = 'pending';

-- Every attempt, kept: the delivery log admins read. `error` is the transport's message, cut short.
CREATE TABLE notification_attempts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id   bigint NOT NULL REFERENCES notification_deliveries (id),
  attempt       integer NOT NULL,
  at            timestamptz NOT NULL,
  status        text NOT NULL CHECK (status IN ('delivered', 'retry', 'failed')),
  response_code integer,
  error         text
);
CREATE INDEX notification_attempts_delivery_idx ON notification_attempts (delivery_id, id);
