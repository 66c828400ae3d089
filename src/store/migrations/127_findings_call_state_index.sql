-- callguard schema 127: findings indexed by their call together with what the drill-downs ask of
-- them (category, verdict, origin).
--
-- The dashboard's drill-down ("this week, this category, confirmed") walks the week's calls newest
-- first and asks of each whether it has such a finding. With an index on call_id alone every probe
-- read each of the call's findings from the table to test the category and verdict: some 19,000
-- calls a week, three or four random heap pages each. With the tested columns in the index a probe
-- is one index descent, and the table is read only for the calls that match.
--
-- It replaces findings_call_idx, whose every use (a call's findings, the foreign key's cascade)
-- it serves through its leading column: the writes keep one index on call_id, not two.
CREATE INDEX findings_call_state_idx ON findings (call_id, category, verdict, origin);
DROP INDEX findings_call_idx;
