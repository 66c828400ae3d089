-- callguard schema 147: an index under every foreign key that had none. Deleting a row makes
-- PostgreSQL look for rows that still refer to it; without an index that is a scan of the whole
-- referring table per deleted row. The retention purge deletes calls (and with them their findings)
-- by the hundred, and each finding was checked against every finding's verdict_carried_from by a
-- sequential scan: a purge of 100,000 calls stalled on it.
CREATE INDEX findings_verdict_carried_from_idx ON findings (verdict_carried_from) WHERE verdict_carried_from IS NOT NULL;
CREATE INDEX cases_follow_up_call_idx ON cases (follow_up_call_id) WHERE follow_up_call_id IS NOT NULL;
CREATE INDEX contact_records_call_idx ON contact_records (call_id) WHERE call_id IS NOT NULL;
CREATE INDEX notification_deliveries_case_idx ON notification_deliveries (case_id);
CREATE INDEX qa_calibration_verdicts_finding_idx ON qa_calibration_verdicts (finding_id);
-- Rule packs are never deleted; indexed all the same, so the rule above has no exception to remember.
CREATE INDEX rule_pack_activations_content_hash_idx ON rule_pack_activations (content_hash);
