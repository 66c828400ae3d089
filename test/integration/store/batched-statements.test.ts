import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { StageStatements } from '../../../src/store/stage-statements.ts';
import { repositories } from '../../../src/store/index.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { waitForLockWait } from '../../helpers/lock-wait.ts';
import { countingDb, finding, meta, seg } from './helpers/stage-fixtures.ts';

const t = useTestDatabase();

async function transcribedCalls(ids: string[]): Promise<void> {
  const r = repositories(t.db);
  for (const id of ids) {
    await r.calls.insertIfNew({ meta: meta(id), source: 'recording' });
    await r.calls.setStatus(id, 'transcribed');
  }
}

// The several-calls forms of the stages' statements, and the grouping that uses them.
describe('statements for several calls', () => {
  it('records several scans in one statement, each call with its own findings, result and status', async () => {
    await transcribedCalls(['m1', 'm2', 'm3']);
    const r = repositories(t.db);
    const recorded = await r.stageQueries.recordScans([
      { callId: 'm1', version: 'p1', findings: [finding('m1', 4000, { severity: 'critical' }), finding('m1', 1000)], result: { score: 1 } },
      { callId: 'm2', version: 'p1', findings: [], result: { score: 0 } },
      { callId: 'm3', version: 'p1', findings: [finding('m3', 2000), finding('m3', 2000)], result: { score: 2 } },
    ]);
    expect(recorded.map((f) => f?.map((x) => x.severity))).toEqual([['high', 'critical'], [], ['high']]);
    expect((await r.findings.listByCall('m1')).map((f) => f.id)).toEqual(recorded[0]!.map((f) => f.id));
    expect((await r.stageResults.get('m2', 'scan', 'p1'))?.result).toEqual({ score: 0, findingIds: [], severities: [] });
    expect((await r.stageResults.get('m3', 'scan', 'p1'))?.result).toEqual({ score: 2, findingIds: [recorded[2]![0]!.id], severities: ['high'] });
    for (const id of ['m1', 'm2', 'm3']) expect((await r.calls.get(id))?.status).toBe('scanned');
  });

  it('in a batch of scans, the one a concurrent scan raced records nothing and gets null; the others are recorded', async () => {
    await transcribedCalls(['r1', 'r2']);
    const r = repositories(t.db);
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    let recorded;
    try {
      await other.query('BEGIN');
      await repositories(other).findings.upsertMany([finding('r1', 1000)], 'p1');
      const ours = r.stageQueries.recordScans([
        { callId: 'r1', version: 'p1', findings: [finding('r1', 1000)], result: {} },
        { callId: 'r2', version: 'p1', findings: [finding('r2', 1000)], result: {} },
      ]);
      await waitForLockWait(other);
      await other.query('COMMIT');
      recorded = await ours;
    } finally {
      await other.end();
    }
    expect(recorded[0]).toBeNull();
    expect(recorded[1]).toHaveLength(1);
    expect((await r.calls.get('r1'))?.status).toBe('transcribed');
    expect(await r.stageResults.get('r1', 'scan', 'p1')).toBeNull();
    expect((await r.calls.get('r2'))?.status).toBe('scanned');
  });

  it('reads several calls in one statement, in the order asked, with null for a call that does not exist', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: meta('g1', 'B-g'), source: 'recording' });
    await r.calls.insertIfNew({ meta: { ...meta('g2', 'B-g'), startedAt: '2026-03-01T22:30:00+08:00' }, source: 'recording' });
    await r.transcripts.upsertAndMarkTranscribed({ callId: 'g2', engine: 'sidecar', language: 'zh-CN', segments: [seg] });
    await r.stageResults.upsert('g2', 'scan', 'p1', { score: 5 });
    const scans = await r.stageQueries.getForScanMany(['g2', 'missing', 'g1'], 24 * 3600_000);
    expect(scans.map((s) => s?.call.id ?? null)).toEqual(['g2', null, 'g1']);
    expect(scans[0]?.segments).toHaveLength(1);
    expect(scans[0]?.history.map((h) => h.callId)).toEqual(['g1', 'g2']);
    expect(scans[2]?.segments).toBeNull();
    const triage = await r.stageQueries.getForTriageMany([{ callId: 'g1', scanVersion: 'p1' }, { callId: 'missing', scanVersion: 'p1' }, { callId: 'g2', scanVersion: 'p1' }]);
    expect(triage.map((x) => x?.scanResult ?? null)).toEqual([null, null, { score: 5 }]);
    expect(triage[0]?.call.id).toBe('g1');
    const ingest = await r.stageQueries.getWithStageResults('scan', 'p1', ['g2', 'g1', 'missing']);
    expect(ingest.map((x) => x && [x.call.id, x.stageResult])).toEqual([['g2', { score: 5 }], ['g1', null], null]);
  });

  it('stores several delivered transcripts and records several stage results in one statement each', async () => {
    const r = repositories(t.db);
    for (const id of ['w1', 'w2']) await r.calls.insertIfNew({ meta: meta(id), source: 'recording' });
    expect(await r.transcripts.upsertAndMarkTranscribedMany([
      { callId: 'w1', engine: 'sidecar', version: 'delivered', language: 'zh-CN', segments: [seg] },
      { callId: 'w2', engine: 'sidecar', version: 'delivered', language: 'zh-CN', segments: [seg, { ...seg, startMs: 1000, endMs: 2000, text: '請問是張先生嗎？' }] },
    ])).toEqual([true, true]);
    expect((await r.transcripts.latestForCall('w2'))?.segments[1]?.text).toBe('請問是張先生嗎？');
    expect((await r.calls.get('w1'))?.status).toBe('transcribed');
    expect(await r.stageQueries.setStatusWithStageResults('done', [
      { callId: 'w1', stage: 'triage', version: 'p1', result: { outcome: 'none' } },
      { callId: 'w2', stage: 'triage', version: 'p1', result: { outcome: 'none' } },
    ])).toEqual([true, true]);
    expect((await r.calls.get('w2'))?.doneAt).toBeInstanceOf(Date);
  });

  it('groups requests made together into one statement, each answered for its own call', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `c${i}`);
    const r = repositories(t.db);
    for (const id of ids) await r.calls.insertIfNew({ meta: meta(id, `B-${id}`), source: 'recording' });
    const counted = countingDb(t.db);
    const s = new StageStatements(counted.db);
    const reads = await Promise.all(ids.map((id) => s.scanRead(id, 0)));
    expect(reads.map((x) => x?.call.id)).toEqual(ids);
    expect(counted.statements()).toBe(1);
    const records = await Promise.all(ids.map((id) => s.writeStageRecord({ callId: id, status: 'scanned', stage: 'scan', version: 'p1', result: { id } })));
    expect(records.every(Boolean)).toBe(true);
    expect(counted.statements()).toBe(2);
    expect((await r.stageResults.get('c7', 'scan', 'p1'))?.result).toEqual({ id: 'c7' });
  });

  it('a call that fails its statement fails alone: the others of its batch are written', async () => {
    await transcribedCalls(['ok1', 'ok2']);
    const s = new StageStatements(t.db);
    const results = await Promise.allSettled([
      s.recordScan({ callId: 'ok1', version: 'p1', findings: [finding('ok1', 1000)], result: {} }),
      s.recordScan({ callId: 'gone', version: 'p1', findings: [finding('gone', 1000)], result: {} }),
      s.recordScan({ callId: 'ok2', version: 'p1', findings: [], result: {} }),
    ]);
    expect(results.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/foreign key/);
    const r = repositories(t.db);
    expect((await r.calls.get('ok1'))?.status).toBe('scanned');
    expect((await r.calls.get('ok2'))?.status).toBe('scanned');
    expect(await r.findings.listByCall('ok1')).toHaveLength(1);
  });

  it('two scans of one call never share a statement (a re-scan under another pack waits for the next)', async () => {
    await transcribedCalls(['d1']);
    const counted = countingDb(t.db);
    const s = new StageStatements(counted.db);
    const [a, b] = await Promise.all([
      s.recordScan({ callId: 'd1', version: 'p1', findings: [finding('d1', 1000)], result: {} }),
      s.recordScan({ callId: 'd1', version: 'p2', findings: [finding('d1', 1000, { ruleVersion: 'v2' })], result: {} }),
    ]);
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(counted.statements()).toBe(2);
    expect(await repositories(t.db).findings.listByCall('d1')).toHaveLength(2);
  });
});
