import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildRetentionPolicy, type RetentionPolicy } from '../../../src/domain/retention-policy.ts';
import { runRetentionPurge, type RetentionPurgeReport } from '../../../src/pipeline/operations/retention-purge.ts';
import { DirectoryAudioStore } from '../../../src/store/directory-audio-store.ts';
import { lockActiveLegalHold, placeLegalHold, releaseLegalHold } from '../../../src/store/retention/legal-holds.ts';
import type { Db } from '../../../src/store/db.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';

/**
 * The retention purge against PostgreSQL and a real audio store: calls, transcripts, findings and
 * recordings written in SQL, the clock moved years on, then what the purge removed and kept.
 */
const t = useTestDatabase();
let dir: string;
let store: DirectoryAudioStore;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'callguard-purge-'));
  store = new DirectoryAudioStore(path.join(dir, 'audio'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function reset(db: Db): Promise<void> {
  // Children first; the append-only case history goes through the purge's own function.
  await db.query('DELETE FROM notification_attempts; DELETE FROM notification_deliveries; DELETE FROM contact_records');
  await db.query(`SELECT retention_delete_case_events(array_agg(id)) FROM cases`);
  await db.query('DELETE FROM legal_holds; DELETE FROM case_calls; DELETE FROM complaints; DELETE FROM bank_report_drafts; DELETE FROM cases; DELETE FROM calls; DELETE FROM retention_runs');
}

interface SeedCall {
  id: string;
  bank?: string;
  language?: string;
  startedAt: string;
  status?: string;
  phone?: string;
  transcript?: string;
}

/** A call with a stored recording (bytes unique to the call), a transcript and a finding. */
async function seedCall(db: Db, c: SeedCall): Promise<string> {
  const { sha256 } = await store.putStream(Readable.from([Buffer.from(`RIFF recording of ${c.id}`)]));
  await db.query(
    `INSERT INTO calls (id, agent_id, bank, borrower_id, direction, started_at, utc_offset_minutes, language, status, status_reason,
                        audio_sha256, phone, done_at)
     VALUES ($1, 'A1', $2, 'B-' || $1, 'outbound', $3, 480, $4, $5, CASE WHEN $5 = 'failed' THEN 'decode: corrupt' END, $6, $7, $3)`,
    [c.id, c.bank ?? '招商银行', c.startedAt, c.language ?? 'zh-CN', c.status ?? 'done', sha256, c.phone ?? null],
  );
  const text = c.transcript ?? '您好，这里是受招商银行委托';
  await db.query(
    `INSERT INTO transcripts (call_id, engine, language, segments, text)
     VALUES ($1, 'sidecar', $2, jsonb_build_array(jsonb_build_object('speaker', 'agent', 'startMs', 0, 'endMs', 1000, 'text', $3::text,
             'words', jsonb_build_array(jsonb_build_object('w', $3::text)))), $3)`,
    [c.id, c.language ?? 'zh-CN', text],
  );
  await db.query(
    `INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms, quote)
     VALUES ($1, 'zh.abuse.insult', '1', 'abuse', 'high', 'agent', 0, 1000, 'quote')`,
    [c.id],
  );
  return sha256;
}

/** A complaint case closed (after its follow-up) at `closedAt`, holding these calls. */
async function seedClosedCase(db: Db, bank: string, borrower: string, closedAt: string, callIds: string[]): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO cases (kind, bank, borrower_id, status, opened_reason, opened_at, sla_due_at, closed_at, followed_up_at)
     VALUES ('complaint', $1, $2, 'closed', 'manual', $3::timestamptz - interval '30 days', $3, $3, $3) RETURNING id`,
    [bank, borrower, closedAt],
  );
  const id = rows[0]!.id;
  for (const callId of callIds) await db.query(`INSERT INTO case_calls (case_id, call_id, added_by) VALUES ($1, $2, 'sup')`, [id, callId]);
  await db.query(`INSERT INTO case_events (case_id, actor, kind, to_status) VALUES ($1, 'sup', 'opened', 'open')`, [id]);
  return id;
}

async function callState(db: Db, id: string) {
  const { rows } = await db.query<{ audio: boolean; transcript: boolean; findings: number; transcripts: number; phone: string | null; text: string | null }>(
    `SELECT audio_purged_at IS NOT NULL AS audio, transcript_purged_at IS NOT NULL AS transcript,
            (SELECT count(*)::int FROM findings f WHERE f.call_id = c.id) AS findings,
            (SELECT count(*)::int FROM transcripts x WHERE x.call_id = c.id) AS transcripts,
            phone, (SELECT x.segments::text FROM transcripts x WHERE x.call_id = c.id LIMIT 1) AS text
       FROM calls c WHERE id = $1`,
    [id],
  );
  return rows[0];
}

const purge = (policy: RetentionPolicy, clock: ManualClock, extra: { batchSize?: number; betweenBatches?: () => Promise<void> } = {}) =>
  runRetentionPurge({ db: t.db, audio: store, policy, clock, holder: 'test:1', ...extra });

const ZERO: Omit<RetentionPurgeReport, 'runId' | 'batches'> = {
  callsDeleted: 0, recordingsDeleted: 0, audioPurged: 0, transcriptsDeleted: 0, transcriptsMasked: 0, findingsDeleted: 0,
  casesDeleted: 0, caseEventsDeleted: 0, complaintsDeleted: 0, auditRowsDeleted: 0,
};

describe('retention purge', () => {
  beforeEach(async () => {
    await reset(t.db);
  });

  it('deletes due calls whole with their recordings, keeps calls not yet due, still in the pipeline or in a case, and audits ids and counts', async () => {
    const clock = new ManualClock(new Date('2030-06-01T00:00:00Z'));
    const old1 = await seedCall(t.db, { id: 'old-1', startedAt: '2026-01-05T10:00:00+08:00' });
    await seedCall(t.db, { id: 'old-2', startedAt: '2026-02-05T10:00:00+08:00', status: 'failed' });
    const recent = await seedCall(t.db, { id: 'recent', startedAt: '2028-01-05T10:00:00+08:00' });
    await seedCall(t.db, { id: 'in-pipeline', startedAt: '2026-01-05T10:00:00+08:00', status: 'transcribed' });
    await seedCall(t.db, { id: 'in-case', startedAt: '2026-01-05T10:00:00+08:00' });
    await seedClosedCase(t.db, '招商银行', 'B-in-case', '2029-01-01T00:00:00Z', ['in-case']);

    const report = await purge(buildRetentionPolicy(undefined), clock, { batchSize: 1 });
    expect(report).toMatchObject({ ...ZERO, callsDeleted: 2, recordingsDeleted: 2, audioPurged: 2 });
    const { rows: left } = await t.db.query<{ id: string }>('SELECT id FROM calls ORDER BY id');
    expect(left.map((r) => r.id)).toEqual(['in-case', 'in-pipeline', 'recent']);
    expect(await store.has(old1)).toBe(false);
    expect(await store.has(recent)).toBe(true);
    expect(await t.db.query('SELECT 1 FROM transcripts WHERE call_id IN ($1, $2)', ['old-1', 'old-2'])).toMatchObject({ rowCount: 0 });

    const { rows: events } = await t.db.query<{ actor: string; after: { callsDeleted: string[]; recordingsDeleted: number } }>(
      `SELECT actor, after FROM audit_events WHERE action = 'retention.purge_calls' AND entity_id = $1 ORDER BY seq`, [String(report.runId)],
    );
    expect(events.map((e) => e.after.callsDeleted)).toEqual([['old-1'], ['old-2']]);
    expect(events.every((e) => e.actor === 'system:retention')).toBe(true);
    // Ids and counts only: no transcript text, no phone numbers.
    expect(JSON.stringify(events)).not.toContain('委托');
    const { rows: runs } = await t.db.query<{ counts: { callsDeleted: number }; error: string | null; finished: boolean }>(
      'SELECT counts, error, finished_at IS NOT NULL AS finished FROM retention_runs WHERE id = $1', [report.runId],
    );
    expect(runs[0]).toMatchObject({ counts: { callsDeleted: 2 }, error: null, finished: true });

    // Run again: nothing left to do, nothing changes.
    expect(await purge(buildRetentionPolicy(undefined), clock)).toMatchObject({ ...ZERO, batches: 0 });
    expect((await t.db.query('SELECT id FROM calls')).rowCount).toBe(3);
  });

  it('removes each kind on its own date per bank, and keeps a recording its language\'s law still needs whatever the bank says', async () => {
    const policy = buildRetentionPolicy({
      default: {},
      banks: { 'Short Bank': { jurisdictions: ['CN'], audio: '2y', transcript: '10y', findings: '4y' } },
    });
    const clock = new ManualClock(new Date('2030-06-01T00:00:00Z'));
    const zh = await seedCall(t.db, { id: 'zh', bank: 'Short Bank', startedAt: '2028-01-01T10:00:00+08:00' });
    const en = await seedCall(t.db, { id: 'en', bank: 'Short Bank', language: 'en-US', startedAt: '2027-09-01T10:00:00-05:00' });
    const other = await seedCall(t.db, { id: 'other-bank', bank: 'Other Bank', startedAt: '2028-01-01T10:00:00+08:00' });

    const first = await purge(policy, clock);
    expect(first).toMatchObject({ ...ZERO, recordingsDeleted: 1, audioPurged: 1 });
    expect(await store.has(zh)).toBe(false);
    expect(await callState(t.db, 'zh')).toMatchObject({ audio: true, transcript: false, transcripts: 1, findings: 1 });
    // The bank allows 2 years, but Regulation F keeps a US call's recording 3: not yet.
    expect(await store.has(en)).toBe(true);
    expect(await store.has(other)).toBe(true);

    clock.set(new Date('2032-03-01T00:00:00Z'));
    const second = await purge(policy, clock);
    // 'Short Bank' findings go after 4 years (zh, en); its transcripts stay 10; the other bank's call
    // is due in every kind (default 3 years) and goes whole.
    expect(second).toMatchObject({ ...ZERO, callsDeleted: 1, recordingsDeleted: 2, audioPurged: 2, findingsDeleted: 2 });
    expect(await callState(t.db, 'zh')).toMatchObject({ audio: true, transcript: false, transcripts: 1, findings: 0 });
    expect(await callState(t.db, 'en')).toMatchObject({ audio: true, transcript: false, transcripts: 1, findings: 0 });
    expect(await store.has(en)).toBe(false);
    expect(await callState(t.db, 'other-bank')).toBeUndefined();
    expect(await store.has(other)).toBe(false);
  });

  it('keeps transcripts masked instead of deleting them when the policy says so, and drops the phone number', async () => {
    const policy = buildRetentionPolicy({ default: {}, mask_transcripts: true });
    const clock = new ManualClock(new Date('2030-06-01T00:00:00Z'));
    await seedCall(t.db, { id: 'masked', startedAt: '2026-01-05T10:00:00+08:00', phone: '13912345678', transcript: '请回拨13912345678' });
    const report = await purge(policy, clock);
    expect(report).toMatchObject({ callsDeleted: 0, transcriptsMasked: 1, findingsDeleted: 1, recordingsDeleted: 1 });
    const state = await callState(t.db, 'masked');
    expect(state).toMatchObject({ audio: true, transcript: true, transcripts: 1, findings: 0, phone: null });
    expect(state!.text).not.toContain('13912345678');
    expect(state!.text).toContain('5678');
    expect(state!.text).not.toContain('words');
  });

  it('gives the same result when two purges run at once: each row is taken by one of them', async () => {
    const clock = new ManualClock(new Date('2030-06-01T00:00:00Z'));
    const shas: string[] = [];
    for (let i = 0; i < 12; i++) shas.push(await seedCall(t.db, { id: `c-${String(i).padStart(2, '0')}`, startedAt: `2026-01-${String(i + 1).padStart(2, '0')}T10:00:00+08:00` }));
    await seedCall(t.db, { id: 'keep', startedAt: '2029-01-01T10:00:00+08:00' });
    const policy = buildRetentionPolicy(undefined);
    // Each yields between batches so the two interleave.
    const yieldNow = () => new Promise<void>((r) => setImmediate(r));
    const [a, b] = await Promise.all([
      purge(policy, clock, { batchSize: 2, betweenBatches: yieldNow }),
      purge(policy, clock, { batchSize: 2, betweenBatches: yieldNow }),
    ]);
    expect(a.callsDeleted + b.callsDeleted).toBe(12);
    expect(a.recordingsDeleted + b.recordingsDeleted).toBe(12);
    expect((await t.db.query<{ id: string }>('SELECT id FROM calls')).rows).toEqual([{ id: 'keep' }]);
    for (const sha of shas) expect(await store.has(sha)).toBe(false);
    const { rows } = await t.db.query<{ ids: string[] }>(
      `SELECT array_agg(x ORDER BY x) AS ids FROM audit_events, jsonb_array_elements_text(after->'callsDeleted') x WHERE action = 'retention.purge_calls' AND entity_id = ANY($1)`,
      [[String(a.runId), String(b.runId)]],
    );
    // Every call deleted and audited exactly once.
    expect(rows[0]!.ids).toEqual(Array.from({ length: 12 }, (_, i) => `c-${String(i).padStart(2, '0')}`));
  });

  it('records a failed run with its reason and leaves the rows it could not finish for the next run', async () => {
    const clock = new ManualClock(new Date('2030-06-01T00:00:00Z'));
    const sha = await seedCall(t.db, { id: 'unlucky', startedAt: '2026-01-05T10:00:00+08:00' });
    const broken = { delete: async () => { throw new Error('object store unreachable'); } };
    await expect(runRetentionPurge({ db: t.db, audio: broken, policy: buildRetentionPolicy(undefined), clock, holder: 'test:1' }))
      .rejects.toThrow('object store unreachable');
    expect(await callState(t.db, 'unlucky')).toMatchObject({ audio: false, transcripts: 1 });
    const { rows } = await t.db.query<{ error: string }>('SELECT error FROM retention_runs ORDER BY id DESC LIMIT 1');
    expect(rows[0]!.error).toBe('object store unreachable');
    expect(await purge(buildRetentionPolicy(undefined), clock)).toMatchObject({ callsDeleted: 1, recordingsDeleted: 1 });
    expect(await store.has(sha)).toBe(false);
  });

  it('takes with a due case what only refers to it: its contact records and the notifications sent about it', async () => {
    const clock = new ManualClock(new Date('2040-06-01T00:00:00Z'));
    await seedCall(t.db, { id: 'contacted', startedAt: '2026-01-05T10:00:00+08:00' });
    const kase = await seedClosedCase(t.db, '招商银行', 'B-contacted', '2026-03-01T00:00:00Z', ['contacted']);
    await t.db.query(
      `INSERT INTO contact_records (case_id, at, contact_by, party, channel, summary, call_id, created_by)
       VALUES ($1, '2026-02-01T00:00:00Z', 'sup', 'borrower', 'phone', '已向客户解释', 'contacted', 'sup')`,
      [kase],
    );
    const { rows: events } = await t.db.query<{ id: number }>('SELECT id FROM case_events WHERE case_id = $1', [kase]);
    const { rows: deliveries } = await t.db.query<{ id: number }>(
      `INSERT INTO notification_deliveries (event_id, case_id, kind, channel, recipient, status, attempts, next_attempt_at, created_at)
       VALUES ($1, $2, 'opened', 'webhook', 'https://bank.example/hook', 'delivered', 1, '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z') RETURNING id`,
      [events[0]!.id, kase],
    );
    await t.db.query(`INSERT INTO notification_attempts (delivery_id, attempt, at, status, response_code) VALUES ($1, 1, '2026-02-01T00:00:00Z', 'delivered', 200)`, [deliveries[0]!.id]);

    const report = await purge(buildRetentionPolicy(undefined), clock);
    expect(report).toMatchObject({ casesDeleted: 1, callsDeleted: 1 });
    for (const table of ['cases', 'contact_records', 'notification_deliveries', 'notification_attempts', 'calls']) {
      expect((await t.db.query(`SELECT 1 FROM ${table}`)).rowCount, table).toBe(0);
    }
  });

  it('leaves the dashboard rollups as dash_rebuild() computes them, after purges whole and in part and after a call deleted by hand', async () => {
    // Every rollup row that counts something (a rebuild leaves out the rows a delete brought to zero).
    const rollups = async () => {
      const counted: Record<string, string> = {
        dash_call_weeks: 'calls <> 0 OR flagged_calls <> 0 OR violation_calls <> 0',
        dash_finding_weeks: 'hits <> 0 OR confirmed <> 0 OR dismissed <> 0 OR noted <> 0 OR acted_on <> 0 OR missed <> 0',
        dash_review_weeks: 'reviews <> 0',
        dash_transcript_weeks: 'transcripts <> 0 OR scored <> 0 OR quality_sum <> 0 OR low_quality <> 0',
      };
      const out: Record<string, unknown[]> = {};
      for (const [table, where] of Object.entries(counted)) {
        out[table] = (await t.db.query(`SELECT * FROM ${table} WHERE ${where} ORDER BY 1, 2, 3, 4, 5, 6, 7`)).rows;
      }
      return out;
    };
    const expectAsRebuilt = async (when: string) => {
      const incremental = await rollups();
      await t.db.query('SELECT dash_rebuild()');
      expect(await rollups(), when).toEqual(incremental);
      return incremental;
    };
    const policy = buildRetentionPolicy({
      default: {},
      banks: { 'Short Bank': { jurisdictions: ['CN'], audio: '2y', transcript: '10y', findings: '4y' } },
    });
    const clock = new ManualClock(new Date('2032-03-01T00:00:00Z'));
    // Two weeks, two agents, two banks; findings confirmed, dismissed, added by hand; a second
    // transcript with a quality score; and calls kept beside the purged ones in the same groups.
    const calls = [
      { id: 'r-1', bank: 'Short Bank', startedAt: '2027-01-04T10:00:00+08:00', agent: 'A1' },
      { id: 'r-2', bank: 'Short Bank', startedAt: '2027-01-05T10:00:00+08:00', agent: 'A2' },
      { id: 'r-3', bank: 'Other Bank', startedAt: '2027-01-05T11:00:00+08:00', agent: 'A1' },
      { id: 'r-4', bank: 'Other Bank', startedAt: '2027-01-12T10:00:00+08:00', agent: 'A2' },
      { id: 'r-5', bank: 'Other Bank', startedAt: '2027-01-12T11:00:00+08:00', agent: 'A2' },
      { id: 'keep-1', bank: 'Other Bank', startedAt: '2031-06-01T10:00:00+08:00', agent: 'A1' },
      { id: 'keep-2', bank: 'Other Bank', startedAt: '2031-06-02T10:00:00+08:00', agent: 'A2' },
      { id: 'by-hand', bank: 'Other Bank', startedAt: '2031-06-02T11:00:00+08:00', agent: 'A2' },
    ];
    for (const c of calls) {
      await seedCall(t.db, c);
      await t.db.query('UPDATE calls SET agent_id = $2 WHERE id = $1', [c.id, c.agent]);
    }
    await t.db.query(`UPDATE findings SET verdict = 'confirmed', verdict_by = 'sup', verdict_at = '2027-02-01T00:00:00Z' WHERE call_id IN ('r-1', 'r-3', 'keep-1', 'by-hand')`);
    await t.db.query(`UPDATE findings SET verdict = 'dismissed', verdict_by = 'qa', verdict_at = '2027-02-02T00:00:00Z' WHERE call_id IN ('r-4', 'keep-2')`);
    await t.db.query(
      `INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms, quote, origin, created_by, verdict, verdict_by, verdict_at)
       SELECT id, 'manual.missed', '1', 'abuse', 'high', 'agent', 0, 1000, 'quote', 'manual', 'qa', 'confirmed', 'qa', '2027-02-03T00:00:00Z'
         FROM calls WHERE id IN ('r-2', 'r-5', 'by-hand')`,
    );
    await t.db.query(
      `INSERT INTO transcripts (call_id, engine, language, segments, text, quality)
       SELECT id, 'whisper', 'zh-CN', '[]', '', '{"score": 0.4}' FROM calls WHERE id IN ('r-1', 'r-4', 'keep-1', 'by-hand')`,
    );
    const before = await expectAsRebuilt('after seeding');
    expect(before.dash_call_weeks!.length).toBeGreaterThan(3);

    // Short Bank's findings are due (4 years), its transcripts are not (10): a purge in part. The
    // other bank's old calls are due whole.
    const report = await purge(policy, clock, { batchSize: 2 });
    expect(report).toMatchObject({ callsDeleted: 3, findingsDeleted: 3 });
    expect(await callState(t.db, 'r-1')).toMatchObject({ findings: 0, transcripts: 2 });
    const after = await expectAsRebuilt('after the purge');
    expect(after.dash_call_weeks!.map((r) => (r as { calls: number }).calls).reduce((a, b) => a + b)).toBe(5);
    expect(after.dash_finding_weeks!.every((r) => (r as { bank: string }).bank === 'Other Bank')).toBe(true);

    // A call deleted with its findings and transcripts still in place (not the purge's way).
    await t.db.query(`DELETE FROM calls WHERE id = 'by-hand'`);
    const byHand = await expectAsRebuilt('after a call deleted by hand');
    const supConfirmed = (r: Record<string, unknown[]>) => (r.dash_review_weeks as { reviewer: string; verdict: string; reviews: number }[])
      .filter((x) => x.reviewer === 'sup' && x.verdict === 'confirmed').reduce((n, x) => n + x.reviews, 0);
    expect([supConfirmed(before), supConfirmed(after), supConfirmed(byHand)]).toEqual([4, 2, 1]);
    expect(byHand.dash_call_weeks!.map((r) => (r as { calls: number }).calls).reduce((a, b) => a + b)).toBe(4);
  });

  it('never deletes what a legal hold keeps, even decades on; a released hold lets the case and its calls go', async () => {
    const clock = new ManualClock(new Date('2030-06-01T00:00:00Z'));
    const heldSha = await seedCall(t.db, { id: 'held', startedAt: '2026-01-05T10:00:00+08:00' });
    const complaintSha = await seedCall(t.db, { id: 'complained', startedAt: '2026-01-06T10:00:00+08:00' });
    const held = await seedClosedCase(t.db, '招商银行', 'B-held', '2026-03-01T00:00:00Z', ['held']);
    const complaint = await seedClosedCase(t.db, '招商银行', 'B-complained', '2026-03-01T00:00:00Z', ['complained']);
    const hold = await placeLegalHold(t.db, { caseId: held, reason: 'litigation notice 2026-02', placedBy: 'sup', at: clock.now() });
    // A complaint holds its case by itself (the trigger of migration 145), audited as the system.
    await t.db.query(
      `INSERT INTO complaints (case_id, bank, borrower_id, channel, received_at, content, created_by)
       VALUES ($1, '招商银行', 'B-complained', 'bank', '2026-01-10T00:00:00Z', '投诉催收员辱骂', 'sup')`,
      [complaint],
    );
    const { rows: auto } = await t.db.query<{ origin: string; placed_by: string }>('SELECT origin, placed_by FROM legal_holds WHERE case_id = $1', [complaint]);
    expect(auto).toEqual([{ origin: 'complaint', placed_by: 'system' }]);
    expect((await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'legal_hold.place' AND entity_id = $1`, [String(complaint)])).rowCount).toBe(1);

    clock.set(new Date('2060-01-01T00:00:00Z'));
    expect(await purge(buildRetentionPolicy(undefined), clock)).toMatchObject({ ...ZERO });
    expect(await callState(t.db, 'held')).toMatchObject({ audio: false, transcripts: 1, findings: 1 });
    expect(await callState(t.db, 'complained')).toMatchObject({ audio: false, transcripts: 1, findings: 1 });
    expect(await store.has(heldSha)).toBe(true);
    expect(await store.has(complaintSha)).toBe(true);

    await t.db.transaction(async (tx) => {
      expect(await lockActiveLegalHold(tx, held, hold.id)).toBeDefined();
      await releaseLegalHold(tx, { holdId: hold.id, releasedBy: 'sup', reason: 'litigation settled', at: clock.now() });
    });
    const report = await purge(buildRetentionPolicy(undefined), clock);
    expect(report).toMatchObject({ casesDeleted: 1, caseEventsDeleted: 1, callsDeleted: 1, recordingsDeleted: 1 });
    expect(await callState(t.db, 'held')).toBeUndefined();
    expect(await store.has(heldSha)).toBe(false);
    expect((await t.db.query('SELECT id FROM cases')).rows).toEqual([{ id: complaint }]);
    expect(await store.has(complaintSha)).toBe(true);
  });
});
