-- callguard schema 112: banks a complaint may name beyond the rule packs' bank_names (a settings
-- list an admin keeps), and what the conflict-of-interest rule (回避) needs to know of a user: the
-- collector id they call under, and the teams they lead. A case is handled by neither the collector
-- of its calls nor that collector's team lead.
CREATE TABLE bank_groups (
  name       text PRIMARY KEY CHECK (name <> ''),
  aliases    text[] NOT NULL DEFAULT '{}',
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE users
  ADD COLUMN agent_id     text,
  ADD COLUMN leads_teams  text[] NOT NULL DEFAULT '{}';
