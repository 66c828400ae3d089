import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { repositories } from '../../../src/store/index.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { waitForLockWait } from '../../helpers/lock-wait.ts';
import { finding, meta, seg } from './helpers/stage-fixtures.ts';

const t = useTestDatabase();

// The one-round-trip statements the pipeline stages use in place of a read or a transaction each.
describe('stage queries', () => {
  it('records a stage result and the status in one statement, and overwrites the result on a retry', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: meta('q1'), source: 'recording' });
    await r.calls.setStatus('q1', 'transcribed');
    expect(await r.stageQueries.setStatusWithStageResult('q1', 'scanned', 'scan', 'p1', { n: 1 })).toBe(true);
    expect(await r.stageQueries.setStatusWithStageResult('q1', 'scanned', 'scan', 'p1', { n: 2 })).toBe(true);
    const call = await r.calls.get('q1');
    expect(call?.status).toBe('scanned');
    expect(call?.scannedAt).toBeInstanceOf(Date);
    expect((await r.stageResults.get('q1', 'scan', 'p1'))?.result).toEqual({ n: 2 });
    await expect(r.stageQueries.setStatusWithStageResult('missing', 'done', 'triage', 'p1', {})).rejects.toThrow(/foreign key/);
  });

  it('reads a call with one stage result of one version, or null for that result', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: meta('q2'), source: 'recording' });
    await r.stageResults.upsert('q2', 'scan', 'p1', { score: 3 });
    const hit = await r.stageQueries.getWithStageResult('q2', 'scan', 'p1');
    expect(hit?.call.id).toBe('q2');
    expect(hit?.stageResult).toEqual({ score: 3 });
    expect((await r.stageQueries.getWithStageResult('q2', 'scan', 'p2'))?.stageResult).toBeNull();
    expect(await r.stageQueries.getWithStageResult('missing', 'scan', 'p1')).toBeNull();
  });

  it('reads a call with the segments of its newest transcript (null without one) and its borrower\'s recent calls', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: { ...meta('q3'), borrowerId: 'B-hist' }, source: 'recording' });
    expect(await r.stageQueries.getForScan('q3', 0)).toMatchObject({ call: { id: 'q3' }, segments: null, history: [] });
    await r.transcripts.upsertAndMarkTranscribed({ callId: 'q3', engine: 'sidecar', language: 'zh-CN', segments: [seg] });
    await r.transcripts.upsertAndMarkTranscribed({ callId: 'q3', engine: 'whisper', version: 'v2', language: 'zh-CN', segments: [seg, { ...seg, startMs: 1000, endMs: 2000 }] });
    expect((await r.stageQueries.getForScan('q3', 0))?.segments).toHaveLength(2);
    expect(await r.stageQueries.getForScan('missing', 0)).toBeNull();

    // q3 started 2026-03-01T21:30+08:00. Within a day before it, same bank and borrower: h1 (at the
    // window's first instant), h2, and q3 itself; not h0 (a minute too early), h3 (after it), h4
    // (another bank's borrower with the same id).
    const at = (id: string, startedAt: string, bank = 'bank-x') => r.calls.insertIfNew({ meta: { ...meta(id), borrowerId: 'B-hist', startedAt, bank, durationMs: 65_000 }, source: 'dialer_record' });
    await at('h0', '2026-02-28T21:29:00+08:00');
    await at('h1', '2026-02-28T21:30:00+08:00');
    await at('h2', '2026-03-01T08:15:00-05:00'); // 21:15 in Beijing
    await at('h3', '2026-03-01T21:31:00+08:00');
    await at('h4', '2026-03-01T20:00:00+08:00', 'bank-y');
    const loaded = await r.stageQueries.getForScan('q3', 24 * 3600_000);
    expect(loaded?.history.map((h) => [h.callId, h.startedAt])).toEqual([
      ['h1', '2026-02-28T21:30:00+08:00'], ['h2', '2026-03-01T08:15:00-05:00'], ['q3', '2026-03-01T21:30:00+08:00'],
    ]);
    expect(loaded?.history[0]).toMatchObject({ borrowerId: 'B-hist', durationMs: 65_000 });
    expect(loaded?.history).toEqual(await r.calls.historyOfBorrower('B-hist', new Date('2026-02-28T13:30:00Z'), new Date('2026-03-01T13:30:00.001Z'), 'bank-x'));
  });

  it('stores a transcript and marks the call transcribed together, or neither', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: meta('q4'), source: 'dialer_record' });
    expect(await r.transcripts.upsertAndMarkTranscribed({ callId: 'q4', engine: 'sidecar', version: 'delivered', language: 'zh-CN', segments: [seg] })).toBe(true);
    const call = await r.calls.get('q4');
    expect(call?.status).toBe('transcribed');
    expect(call?.transcribedAt).toBeInstanceOf(Date);
    expect((await r.transcripts.latestForCall('q4'))?.segments).toEqual([seg]);
    await expect(r.transcripts.upsertAndMarkTranscribed({ callId: 'missing', engine: 'sidecar', language: 'zh-CN', segments: [seg] })).rejects.toThrow(/foreign key/);
  });

  it('reads what triage decides from in one statement: the call, its scan result, its case and the open case', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: { ...meta('g1'), borrowerId: 'B-g' }, source: 'recording' });
    await r.calls.insertIfNew({ meta: { ...meta('g2'), borrowerId: 'B-g' }, source: 'recording' });
    expect(await r.stageQueries.getForTriage('g1', 'p1')).toMatchObject({ call: { id: 'g1' }, scanResult: null, cases: { linked: null, open: null } });
    await r.stageResults.upsert('g1', 'scan', 'p1', { score: { score: 9 } });
    const opened = await r.cases.openWithCall({
      case: { bank: 'bank-x', borrowerId: 'B-g', openedReason: 'risk_threshold', riskScore: 9, openedAt: new Date('2026-03-01T12:00:00Z'), slaDueAt: new Date('2026-03-02T12:00:00Z') },
      callId: 'g1', actor: 'system:test', events: [],
    });
    const first = await r.stageQueries.getForTriage('g1', 'p1');
    expect(first?.scanResult).toEqual({ score: { score: 9 } });
    expect(first?.cases.linked).toEqual(opened);
    expect(first?.cases.open).toEqual(opened);
    expect(first?.cases.open?.slaDueAt).toBeInstanceOf(Date);
    const second = await r.stageQueries.getForTriage('g2', 'p1');
    expect(second?.cases).toEqual({ linked: null, open: opened });
    expect(await r.stageQueries.getForTriage('missing', 'p1')).toBeNull();
  });

  it('records a scan in one statement: findings, result with their ids and severities in time order, status', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: meta('s1'), source: 'recording' });
    await r.calls.setStatus('s1', 'transcribed');
    const first = [finding('s1', 5000, { severity: 'critical', ruleId: 'zh.threat.violence' }), finding('s1', 1000)];
    const recorded = await r.stageQueries.recordScan('s1', 'p1', first, { score: { score: 28 }, transcript: true });
    expect(recorded?.map((f) => f.severity)).toEqual(['high', 'critical']);
    const stored = await r.findings.listByCall('s1');
    expect(stored.map((f) => f.id)).toEqual(recorded?.map((f) => f.id));
    expect(stored.every((f) => f.packHash === 'p1')).toBe(true);
    expect((await r.stageResults.get('s1', 'scan', 'p1'))?.result).toEqual({
      score: { score: 28 }, transcript: true, findingIds: recorded?.map((f) => f.id), severities: ['high', 'critical'],
    });
    const call = await r.calls.get('s1');
    expect(call?.status).toBe('scanned');
    expect(call?.scannedAt).toBeInstanceOf(Date);

    // A re-scan with one rule changed: the unchanged finding is the stored one (its verdict kept),
    // the changed rule's finding is new; the result names both, the dropped one not at all.
    await r.findings.setVerdict(stored[0]!.id, { verdict: 'confirmed', reason: null, note: null, by: 'qa1' });
    const again = await r.stageQueries.recordScan('s1', 'p2', [first[1]!, { ...first[0]!, ruleVersion: 'v2' }, first[1]!], { score: { score: 28 }, transcript: true });
    expect(again).toHaveLength(2);
    expect(again?.[0]?.id).toBe(stored[0]!.id);
    expect(again?.[1]?.id).not.toBe(stored[1]!.id);
    expect(await r.findings.listByCall('s1')).toHaveLength(3);
    expect((await r.findings.get(stored[0]!.id))?.verdict).toBe('confirmed');
  });

  it('records a scan without findings as an empty result, and refuses a call that does not exist', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: meta('s2'), source: 'dialer_record' });
    expect(await r.stageQueries.recordScan('s2', 'p1', [], { transcript: false })).toEqual([]);
    expect((await r.stageResults.get('s2', 'scan', 'p1'))?.result).toEqual({ transcript: false, findingIds: [], severities: [] });
    expect((await r.calls.get('s2'))?.status).toBe('scanned');
    await expect(r.stageQueries.recordScan('missing', 'p1', [], {})).rejects.toThrow(/foreign key/);
    await expect(r.stageQueries.recordScan('missing', 'p1', [finding('missing', 0)], {})).rejects.toThrow(/foreign key/);
  });

  it('records nothing and says so when a concurrent scan stored one of the findings after the statement began', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: meta('s3'), source: 'recording' });
    await r.calls.setStatus('s3', 'transcribed');
    // Another worker's scan of the same call, still in its transaction: our insert of the same
    // finding waits for it, and once it commits the row is neither ours nor in our snapshot.
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await repositories(other).findings.upsertMany([finding('s3', 1000)], 'p1');
      const ours = r.stageQueries.recordScan('s3', 'p1', [finding('s3', 1000), finding('s3', 3000)], { transcript: true });
      await waitForLockWait(other);
      await other.query('COMMIT');
      expect(await ours).toBeNull();
    } finally {
      await other.end();
    }
    expect(await r.stageResults.get('s3', 'scan', 'p1')).toBeNull();
    expect((await r.calls.get('s3'))?.status).toBe('transcribed');
    // The retry sees the other scan's finding and records the whole result.
    expect(await r.stageQueries.recordScan('s3', 'p1', [finding('s3', 1000), finding('s3', 3000)], { transcript: true })).toHaveLength(2);
  });
});
