import type { Queryable } from '../../src/store/db.ts';

/** The fixture pack's insult rule's phrase list, as written in test/unit/rules/fixtures/rules/zh-CN/abuse.yaml. */
export const INSULT_PHRASES = 'any: [老赖, 傻逼, 不要脸, 骗子]';

/**
 * A stored, scanned zh-CN call with a one-segment agent transcript (1–4 s). With `verdict`, its
 * last scan stored a zh.abuse.insult finding on that segment and a reviewer judged it.
 */
export async function storeBacktestCall(
  db: Queryable,
  c: { id: string; startedAt: string; bank: string; text: string; verdict?: 'confirmed' | 'dismissed' },
): Promise<void> {
  await db.query(
    `INSERT INTO calls (id, agent_id, bank, borrower_id, direction, started_at, utc_offset_minutes, language, status)
     VALUES ($1, 'A1', $2, $3, 'outbound', $4, 480, 'zh-CN', 'done')`,
    [c.id, c.bank, `B-${c.id}`, c.startedAt],
  );
  await db.query(
    `INSERT INTO transcripts (call_id, engine, language, segments, text) VALUES ($1, 'sidecar', 'zh-CN', $2, $3)`,
    [c.id, JSON.stringify([{ speaker: 'agent', startMs: 1000, endMs: 4000, text: c.text }]), c.text],
  );
  await db.query(`INSERT INTO stage_results (call_id, stage, version) VALUES ($1, 'scan', 'stored-pack')`, [c.id]);
  if (c.verdict) {
    await db.query(
      `INSERT INTO findings (call_id, rule_id, rule_version, pack_hash, category, severity, speaker, start_ms, end_ms, quote, segment_index, verdict, verdict_at, verdict_by)
       VALUES ($1, 'zh.abuse.insult', 'v-old', 'stored-pack', 'abuse', 'high', 'agent', 1000, 4000, $2, 0, $3, now(), 'qa1')`,
      [c.id, c.text, c.verdict],
    );
  }
}

/** The four calls both backtest tests use: a dismissed false positive, two confirmed insults, a clean call. */
export async function storeBacktestCalls(db: Queryable): Promise<void> {
  await storeBacktestCall(db, { id: 'c1', startedAt: '2026-11-02T10:00:00+08:00', bank: '招商银行', text: '我们不是骗子，电话是13812345678', verdict: 'dismissed' });
  await storeBacktestCall(db, { id: 'c2', startedAt: '2026-11-03T10:00:00+08:00', bank: '招商银行', text: '你这个老赖还不还钱', verdict: 'confirmed' });
  await storeBacktestCall(db, { id: 'c3', startedAt: '2026-11-20T10:00:00+08:00', bank: '工商银行', text: '你这个老赖', verdict: 'confirmed' });
  await storeBacktestCall(db, { id: 'c4', startedAt: '2026-11-21T10:00:00+08:00', bank: '工商银行', text: '您好，请问什么时候方便还款' });
}
