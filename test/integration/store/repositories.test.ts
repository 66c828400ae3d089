import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/finding.ts';
import type { CallMeta } from '../../../src/domain/transcript.ts';
import { callMetaOf, publishRulePack, repositories } from '../../../src/store/index.ts';
import { useTestDatabase } from '../../helpers/db.ts';

/** The statuses a stage still moves a call out of (src/pipeline/call-lifecycle.ts UNFINISHED_STATUSES). */
const UNFINISHED = ['received', 'decoded', 'transcribed', 'scanned'] as const;

const t = useTestDatabase();

function meta(id: string, overrides: Partial<CallMeta> = {}): CallMeta {
  return {
    id,
    agentId: 'A007',
    borrowerId: 'B-1',
    bank: 'bank-x',
    startedAt: '2026-03-01T21:30:00+08:00',
    direction: 'outbound',
    firstContact: false,
    language: 'zh-CN',
    ...overrides,
  };
}

function finding(callId: string, overrides: Partial<Finding> = {}): Finding {
  return {
    callId,
    ruleId: 'zh.abuse.insult',
    ruleVersion: 'v1',
    title: 'Insult',
    category: 'abuse',
    severity: 'high',
    speaker: 'agent',
    startMs: 1000,
    endMs: 2500,
    quote: 'q',
    matched: ['m1', 'm2'],
    source: 'policy §3',
    segmentIndex: 2,
    ...overrides,
  };
}

describe('calls', () => {
  it('inserts a call once by id and once by audio hash, keeping the local offset', async () => {
    const calls = repositories(t.db).calls;
    const sha = 'a'.repeat(64);
    const first = await calls.insertIfNew({
      meta: { ...meta('c1'), phone: '13800000000', customKey: 'x' } as CallMeta,
      source: 'recording',
      phone: '13800000000',
      audioSha256: sha,
    });
    expect(first?.startedAt).toBe('2026-03-01T21:30:00+08:00');
    expect(first?.utcOffsetMinutes).toBe(480);
    expect(first?.status).toBe('received');
    expect(first?.metadata).toMatchObject({ customKey: 'x' });
    expect(first?.metadata).not.toHaveProperty('phone');
    expect(first?.phone).toBe('13800000000');

    const phoneInMeta = await calls.insertIfNew({ meta: { ...meta('c-meta-phone'), phone: '13900000000' } as CallMeta, source: 'dialer_record' });
    expect(phoneInMeta?.phone).toBe('13900000000');
    expect(phoneInMeta?.metadata).not.toHaveProperty('phone');
    expect(await calls.insertIfNew({ meta: meta('c1'), source: 'recording' })).toBeNull();
    expect(await calls.insertIfNew({ meta: meta('c1-copy'), source: 'recording', audioSha256: sha })).toBeNull();
    expect((await calls.findDuplicate('c1-copy', sha))?.id).toBe('c1');
    expect(await calls.get('c1-copy')).toBeNull();

    const rebuilt = callMetaOf((await calls.get('c1'))!);
    expect(rebuilt).toMatchObject({ id: 'c1', startedAt: '2026-03-01T21:30:00+08:00', customKey: 'x' });
  });

  it('records status with its time, refuses a failure without reason, counts and lists failures', async () => {
    const calls = repositories(t.db).calls;
    await calls.insertIfNew({ meta: meta('s1'), source: 'recording' });
    await calls.insertIfNew({ meta: meta('s2'), source: 'dialer_record' });
    expect(await calls.setStatus('s1', 'decoded')).toBe(true);
    expect((await calls.get('s1'))?.decodedAt).toBeInstanceOf(Date);
    await expect(calls.setStatus('s2', 'failed')).rejects.toThrow(/check constraint/);
    expect(await calls.setStatus('s2', 'failed', 'no audio stream')).toBe(true);
    expect(await calls.setStatus('nope', 'done')).toBe(false);
    const counts = await calls.countByStatus();
    expect(counts.failed).toBeGreaterThanOrEqual(1);
    expect(counts.decoded).toBeGreaterThanOrEqual(1);
    expect(counts.transcribed).toBe(0);
    expect(await calls.listFailed()).toContainEqual(expect.objectContaining({ callId: 's2', reason: 'no audio stream' }));
    expect((await calls.listByStatus('decoded')).map((c) => c.id)).toContain('s1');
    const idle = (await calls.listIdleUnfinished(UNFINISHED, new Date(Date.now() + 60_000), null, 100)).calls.map((c) => c.callId);
    expect(idle).toContain('s1');
    expect(idle).not.toContain('s2');
    expect((await calls.listIdleUnfinished(UNFINISHED, new Date(Date.now() - 60_000), null, 100)).calls.map((c) => c.callId)).not.toContain('s1');
  });

  it('records the stage a call failed in, clears it when the call moves on, and refuses it on a call that is not failed', async () => {
    const calls = repositories(t.db).calls;
    await calls.insertIfNew({ meta: meta('f1'), source: 'recording' });
    expect(await calls.markFailed('f1', 'transcribe', 'transcribe: no engine')).toBe(true);
    expect(await calls.get('f1')).toMatchObject({ status: 'failed', failedStage: 'transcribe', statusReason: 'transcribe: no engine' });
    expect(await calls.markFailed('nope', 'scan', 'scan: x')).toBe(false);
    await expect(t.db.query(`UPDATE calls SET status = 'received' WHERE id = 'f1'`)).rejects.toThrow(/check constraint/);
    expect(await calls.setStatus('f1', 'received', 'retrying')).toBe(true);
    expect(await calls.get('f1')).toMatchObject({ status: 'received', failedStage: null });
    await expect(t.db.query(`UPDATE calls SET status = 'triaged' WHERE id = 'f1'`)).rejects.toThrow(/check constraint/);
  });

  it('pages through idle unfinished calls by (updated_at, id), ties and microseconds included, with the pack of the last scan', async () => {
    const calls = repositories(t.db).calls;
    const ids = ['pg1', 'pg2', 'pg3', 'pg4', 'pg5'];
    for (const id of ids) await calls.insertIfNew({ meta: meta(id), source: 'dialer_record' });
    // Three share one instant to the microsecond, which a JS Date cannot hold: the cursor keeps it as text.
    await t.db.query(`UPDATE calls SET updated_at = '2026-01-01 00:00:00.000123+00' WHERE id = ANY($1)`, [['pg1', 'pg2', 'pg3']]);
    await t.db.query(`UPDATE calls SET updated_at = '2026-01-01 00:00:01+00', status = 'scanned' WHERE id = ANY($1)`, [['pg4', 'pg5']]);
    await repositories(t.db).stageResults.upsert('pg4', 'scan', 'a'.repeat(64), {});
    const seen: string[] = [];
    let cursor = null;
    for (let page = 0; page < 10; page++) {
      const got = await calls.listIdleUnfinished(UNFINISHED, new Date('2026-01-02T00:00:00Z'), cursor, 2);
      seen.push(...got.calls.map((c) => c.callId));
      if (got.calls.some((c) => c.callId === 'pg4')) expect(got.calls.find((c) => c.callId === 'pg4')?.lastScanPack).toBe('a'.repeat(64));
      cursor = got.next;
      if (!cursor) break;
    }
    expect(seen.filter((id) => ids.includes(id))).toEqual(ids);
  });

  it('returns a borrower history in a time range with each call in its own offset', async () => {
    const calls = repositories(t.db).calls;
    await calls.insertIfNew({ meta: meta('h1', { borrowerId: 'H', startedAt: '2026-04-01T08:00:00+08:00', connected: true, durationMs: 1000 }), source: 'dialer_record' });
    await calls.insertIfNew({ meta: meta('h2', { borrowerId: 'H', startedAt: '2026-04-01T03:00:00-05:00', connected: false }), source: 'dialer_record' });
    await calls.insertIfNew({ meta: meta('h3', { borrowerId: 'H', startedAt: '2026-04-09T08:00:00+08:00' }), source: 'dialer_record' });
    await calls.insertIfNew({ meta: meta('h4', { borrowerId: 'H', bank: 'other', startedAt: '2026-04-01T09:00:00+08:00' }), source: 'dialer_record' });
    const history = await calls.historyOfBorrower('H', new Date('2026-03-31T16:00:00Z'), new Date('2026-04-02T00:00:00Z'), 'bank-x');
    expect(history).toEqual([
      { callId: 'h1', borrowerId: 'H', startedAt: '2026-04-01T08:00:00+08:00', durationMs: 1000, connected: true },
      { callId: 'h2', borrowerId: 'H', startedAt: '2026-04-01T03:00:00-05:00', durationMs: null, connected: false },
    ]);
    const allBanks = await calls.historyOfBorrower('H', new Date('2026-03-31T16:00:00Z'), new Date('2026-04-02T00:00:00Z'));
    expect(allBanks.map((h) => h.callId)).toEqual(['h1', 'h4', 'h2']);
  });
});

describe('transcripts, stage results and findings', () => {
  it('upserts transcripts by (call, engine, version) and returns the newest', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: meta('t1'), source: 'recording' });
    const seg = { speaker: 'agent' as const, startMs: 0, endMs: 1000, text: '您好' };
    await r.transcripts.upsertAndMarkTranscribed({ callId: 't1', engine: 'sidecar', language: 'zh-CN', segments: [seg] });
    const a = (await r.transcripts.latestForCall('t1'))!;
    await r.transcripts.upsertAndMarkTranscribed({ callId: 't1', engine: 'sidecar', language: 'zh-CN', segments: [seg, { ...seg, startMs: 1000, endMs: 2000 }] });
    const again = (await r.transcripts.latestForCall('t1'))!;
    expect(again.id).toBe(a.id);
    expect(again.segments).toHaveLength(2);
    await r.transcripts.upsertAndMarkTranscribed({ callId: 't1', engine: 'whisper', version: 'large-v3', language: 'zh-CN', segments: [seg] });
    expect((await r.transcripts.latestForCall('t1'))?.engine).toBe('whisper');
    expect(await r.transcripts.listForCall('t1')).toHaveLength(2);
    await expect(r.transcripts.upsertAndMarkTranscribed({ callId: 'missing', engine: 'x', language: 'zh-CN', segments: [] })).rejects.toThrow(/foreign key/);
  });

  it('saves an engine transcript with the recording facts and the stage record in the same statement', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: meta('t2'), source: 'recording' });
    const seg = { speaker: 'agent' as const, startMs: 0, endMs: 1000, text: '您好' };
    const recording = { present: true, durationMs: 1000 };
    expect(await r.transcripts.upsertAndMarkTranscribed({
      callId: 't2', engine: 'whisper', version: 'v1', language: 'zh-CN', segments: [seg], recording,
      stageResult: { stage: 'transcribe', version: '', result: { segments: 1 } },
    })).toBe(true);
    expect(await r.calls.get('t2')).toMatchObject({ status: 'transcribed', recording });
    expect((await r.stageResults.get('t2', 'transcribe', ''))?.result).toEqual({ segments: 1 });
    // Without facts, those stored stay.
    await r.transcripts.upsertAndMarkTranscribed({ callId: 't2', engine: 'sidecar', language: 'zh-CN', segments: [seg] });
    expect((await r.calls.get('t2'))?.recording).toEqual(recording);
  });

  it('keeps one stage result per (call, stage, version)', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: meta('sr1'), source: 'recording' });
    await r.stageResults.upsert('sr1', 'decode', '1', { channels: 2 });
    await r.stageResults.upsert('sr1', 'decode', '1', { channels: 1 });
    expect((await r.stageResults.get('sr1', 'decode', '1'))?.result).toEqual({ channels: 1 });
    expect(await r.stageResults.get('sr1', 'decode', '2')).toBeNull();
  });

  it('never duplicates a finding on re-scan, keeps verdicts, and adds a new rule version beside the old', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: meta('f1'), source: 'recording' });
    const callLevel = finding('f1', { ruleId: 'zh.disclosure', segmentIndex: undefined, speaker: 'call', startMs: 0, endMs: 0, quote: '', matched: [] });
    const inserted = await r.findings.upsertMany([finding('f1'), callLevel], 'pack1');
    expect(inserted).toHaveLength(2);
    expect(inserted[0]?.matched).toEqual(['m1', 'm2']);
    const verdict = await r.findings.setVerdict(inserted[0]!.id, { verdict: 'dismissed', reason: 'false_positive', by: 'qa1' });
    expect(verdict?.verdict).toBe('dismissed');

    expect(await r.findings.upsertMany([finding('f1'), callLevel], 'pack1')).toEqual([]);
    expect((await r.findings.listByCall('f1')).find((f) => f.id === inserted[0]!.id)?.verdict).toBe('dismissed');

    const v2 = await r.findings.upsertMany([finding('f1', { ruleVersion: 'v2' })], 'pack2');
    expect(v2).toHaveLength(1);
    const all = await r.findings.listByCall('f1');
    expect(all).toHaveLength(3);
    expect(all.find((f) => f.ruleId === 'zh.disclosure')?.segmentIndex).toBeUndefined();
    expect(await r.findings.setVerdict(999_999, { verdict: 'confirmed', by: 'qa1' })).toBeNull();
    const stats = await r.findings.verdictStats();
    expect(stats).toContainEqual({ ruleId: 'zh.abuse.insult', ruleVersion: 'v1', confirmed: 0, dismissed: 1, unreviewed: 0, missed: 0 });
  });
});

describe('rule packs', () => {
  it('stores a pack once per content hash and keeps one active pack per language', async () => {
    const pack = { language: 'zh-CN', contentHash: 'h1', files: [{ path: 'a.yaml', content: 'rules: []' }], ruleCount: 0, publishedBy: 'officer' };
    const p1 = await publishRulePack(t.db, pack);
    const p2 = await publishRulePack(t.db, { ...pack, contentHash: 'h2' });
    const r = repositories(t.db);
    expect((await r.rulePacks.getActive('zh-CN'))?.id).toBe(p2.id);
    await publishRulePack(t.db, pack); // roll back to the first
    expect((await r.rulePacks.getActive('zh-CN'))?.id).toBe(p1.id);
    expect(await r.rulePacks.list('zh-CN')).toHaveLength(2);
    await expect(publishRulePack(t.db, { ...pack, language: 'en-US' })).rejects.toThrow(/already stored for zh-CN/);
  });
});

describe('case events', () => {
  it('are append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const r = repositories(t.db);
    const c = await r.cases.insertOpen({ bank: 'bank-x', borrowerId: 'E', openedReason: 'manual', riskScore: 0, openedAt: new Date(), slaDueAt: new Date() });
    const e = await r.caseEvents.append({ caseId: c!.id, actor: 'sup1', kind: 'note', body: { text: 'called bank' } });
    await expect(t.db.query('UPDATE case_events SET actor = $1 WHERE id = $2', ['x', e.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM case_events WHERE id = $1', [e.id])).rejects.toThrow(/append-only/);
    // Refused by the trigger, or earlier by the notifications' foreign key to the events: either way, refused.
    await expect(t.db.query('TRUNCATE case_events')).rejects.toThrow(/foreign key|append-only/);
    expect(await r.caseEvents.listByCase(c!.id)).toEqual([e]);
  });

  it('allows one open case per borrower and links calls once', async () => {
    const r = repositories(t.db);
    const base = { bank: 'bank-x', borrowerId: 'U', openedReason: 'manual' as const, riskScore: 0, openedAt: new Date(), slaDueAt: new Date() };
    const c = await r.cases.insertOpen(base);
    expect(c).not.toBeNull();
    expect(await r.cases.insertOpen(base)).toBeNull();
    expect(await r.cases.insertOpen({ ...base, bank: 'bank-y' })).not.toBeNull();
    await r.calls.insertIfNew({ meta: meta('u1', { borrowerId: 'U' }), source: 'recording' });
    const event = { kind: 'call_added' as const, body: { callId: 'u1' } };
    expect(await r.cases.joinWithCall({ caseId: c!.id, callId: 'u1', actor: 'sup', score: 0, event, at: new Date() })).not.toBeNull();
    expect(await r.cases.joinWithCall({ caseId: c!.id, callId: 'u1', actor: 'sup', score: 0, event, at: new Date() })).not.toBeNull();
    expect(await r.cases.listCallIds(c!.id)).toEqual(['u1']);
    expect((await r.caseEvents.listByCase(c!.id)).filter((e) => e.kind === 'call_added')).toHaveLength(1);
  });
});
