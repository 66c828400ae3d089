import type { Queryable } from '../../../src/store/db.ts';

/**
 * A small hand-built data set with known dashboard answers (test/integration/api/dashboard.test.ts
 * spells them out): two banks, four agents, two weeks of November 2026, findings with and without
 * verdicts, three engines, three cases. Verdicts are written partly with the findings and partly
 * afterwards, so both the insert and the update paths of the rollup triggers are exercised.
 */
export const DASHBOARD_NOW = new Date('2026-11-20T12:00:00Z');

export async function seedDashboardData(db: Queryable): Promise<void> {
  await db.query(
    `INSERT INTO calls (id, agent_id, agent_name, team, bank, borrower_id, phone, direction, started_at, utc_offset_minutes, language, first_contact)
     VALUES ('d-c1', 'a1', '张伟', 'T1', 'BankA', 'X-1', '13912345678', 'outbound', '2026-11-03T10:00:00+08:00', 480, 'zh-CN', true),
            ('d-c2', 'a1', '张伟', 'T1', 'BankA', 'X-2', NULL, 'outbound', '2026-11-10T09:00:00+08:00', 480, 'zh-CN', false),
            ('d-c3', 'a2', '李娜', 'T2', 'BankA', 'X-3', NULL, 'outbound', '2026-11-03T11:00:00+08:00', 480, 'zh-CN', true),
            ('d-c4', 'b1', 'Bob', 'T3', 'BankB', 'Y-1', NULL, 'outbound', '2026-11-04T10:00:00-05:00', -300, 'en-US', true),
            -- Sunday 16:30 UTC, but Monday 00:30 for the borrower: the local week is 2026-11-09.
            ('d-c5', 'a2', '李娜', NULL, 'BankA', 'X-5', NULL, 'outbound', '2026-11-09T00:30:00+08:00', 480, 'zh-CN', false)`,
  );
  await db.query(
    `INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms, quote, verdict, verdict_by, verdict_at)
     VALUES ('d-c1', 'R1', '1', 'abuse', 'high', 'agent', 1000, 2000, '你这个老赖，电话13912345678', 'confirmed', 'rev1', '2026-11-04T03:00:00Z'),
            ('d-c1', 'R2', '1', 'disclosure_missing', 'medium', 'agent', 0, 0, '', NULL, NULL, NULL),
            ('d-c2', 'R1', '1', 'abuse', 'high', 'agent', 500, 900, '=HYPERLINK("http://x")', NULL, NULL, NULL),
            ('d-c4', 'R3', '1', 'threat', 'critical', 'agent', 100, 800, 'we will sue you', NULL, NULL, NULL),
            ('d-c5', 'R1', '1', 'abuse', 'high', 'agent', 300, 600, '滚', NULL, NULL, NULL)`,
  );
  await db.query(`UPDATE findings SET verdict = 'dismissed', verdict_reason = 'misheard', verdict_by = 'rev2', verdict_at = '2026-11-11T02:00:00Z' WHERE call_id = 'd-c2'`);
  await db.query(`UPDATE findings SET verdict = 'confirmed', verdict_by = 'rev1', verdict_at = '2026-11-05T02:00:00Z' WHERE call_id = 'd-c4'`);
  await db.query(
    `INSERT INTO transcripts (call_id, engine, version, language, segments, text, quality)
     VALUES ('d-c1', 'sidecar', '', 'zh-CN', '[{"speaker":"agent","startMs":0,"endMs":1000,"text":"您好，我是受甲银行委托的催收员"}]', '您好，我是受甲银行委托的催收员', '{"score":0.9,"engine":"sidecar","signals":[]}'),
            ('d-c2', 'whisper', 'm1', 'zh-CN', '[{"speaker":"agent","startMs":0,"endMs":1000,"text":"喂，還錢"},{"speaker":"customer","startMs":1000,"endMs":2000,"text":"我會投訴你們"}]', E'喂，還錢\\n我會投訴你們', '{"score":0.3,"engine":"whisper","signals":[]}'),
            ('d-c3', 'whisper', 'm1', 'zh-CN', '[{"speaker":"agent","startMs":0,"endMs":1000,"text":"你好，请问是本人吗"},{"speaker":"customer","startMs":1000,"endMs":2000,"text":"是的，我会还钱"}]', E'你好，请问是本人吗\\n是的，我会还钱', '{"score":0.8,"engine":"whisper","signals":[]}'),
            ('d-c4', 'pocketsphinx', '', 'en-US', '[{"speaker":"agent","startMs":0,"endMs":1000,"text":"we will sue you"}]', 'we will sue you', NULL)`,
  );
  await db.query(
    `INSERT INTO cases (id, kind, bank, borrower_id, status, opened_reason, opened_at, sla_due_at, first_response_at, closed_at)
       OVERRIDING SYSTEM VALUE
     VALUES (901, 'complaint', 'BankA', 'X-1', 'closed', 'complaint', '2026-11-03T04:00:00Z', '2026-11-04T04:00:00Z', '2026-11-03T06:00:00Z', '2026-11-10T05:00:00Z'),
            (902, 'risk', 'BankA', 'X-2', 'open', 'risk_threshold', '2026-11-10T04:00:00Z', '2026-11-11T04:00:00Z', NULL, NULL),
            (903, 'complaint', 'BankB', 'Y-1', 'investigating', 'complaint', '2026-11-04T16:00:00Z', '2026-11-05T16:00:00Z', '2026-11-06T16:00:00Z', NULL)`,
  );
  await db.query(
    `INSERT INTO case_calls (case_id, call_id, added_by) VALUES (901, 'd-c1', 'triage'), (902, 'd-c2', 'triage'), (903, 'd-c4', 'triage')`,
  );
}
