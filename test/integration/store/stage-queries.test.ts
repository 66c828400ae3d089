import { describe, expect, it } from 'vitest';
import type { CallMeta } from '../../../src/domain/transcript.ts';
import { repositories } from '../../../src/store/index.ts';
import { useTestDatabase } from '../../helpers/db.ts';

const t = useTestDatabase();

function meta(id: string): CallMeta {
  return {
    id, agentId: 'A007', borrowerId: 'B-1', bank: 'bank-x', startedAt: '2026-03-01T21:30:00+08:00',
    direction: 'outbound', firstContact: false, language: 'zh-CN',
  };
}

const seg = { speaker: 'agent' as const, startMs: 0, endMs: 1000, text: '您好' };

// The one-round-trip statements the pipeline stages use in place of a read or a transaction each.
describe('stage queries', () => {
  it('records a stage result and the status in one statement, and overwrites the result on a retry', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: meta('q1'), source: 'recording' });
    await r.calls.setStatus('q1', 'transcribed');
    expect(await r.calls.setStatusWithStageResult('q1', 'scanned', 'scan', 'p1', { n: 1 })).toBe(true);
    expect(await r.calls.setStatusWithStageResult('q1', 'scanned', 'scan', 'p1', { n: 2 })).toBe(true);
    const call = await r.calls.get('q1');
    expect(call?.status).toBe('scanned');
    expect(call?.scannedAt).toBeInstanceOf(Date);
    expect((await r.stageResults.get('q1', 'scan', 'p1'))?.result).toEqual({ n: 2 });
    await expect(r.calls.setStatusWithStageResult('missing', 'done', 'triage', 'p1', {})).rejects.toThrow(/foreign key/);
  });

  it('reads a call with one stage result of one version, or null for that result', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: meta('q2'), source: 'recording' });
    await r.stageResults.upsert('q2', 'scan', 'p1', { score: 3 });
    const hit = await r.calls.getWithStageResult('q2', 'scan', 'p1');
    expect(hit?.call.id).toBe('q2');
    expect(hit?.stageResult).toEqual({ score: 3 });
    expect((await r.calls.getWithStageResult('q2', 'scan', 'p2'))?.stageResult).toBeNull();
    expect(await r.calls.getWithStageResult('missing', 'scan', 'p1')).toBeNull();
  });

  it('reads a call with the segments of its newest transcript, null without one', async () => {
    const r = repositories(t.db);
    await r.calls.insertIfNew({ meta: meta('q3'), source: 'recording' });
    expect((await r.calls.getWithLatestSegments('q3'))?.segments).toBeNull();
    await r.transcripts.upsert({ callId: 'q3', engine: 'sidecar', language: 'zh-CN', segments: [seg] });
    await r.transcripts.upsert({ callId: 'q3', engine: 'whisper', version: 'v2', language: 'zh-CN', segments: [seg, { ...seg, startMs: 1000, endMs: 2000 }] });
    const loaded = await r.calls.getWithLatestSegments('q3');
    expect(loaded?.call.id).toBe('q3');
    expect(loaded?.segments).toHaveLength(2);
    expect(await r.calls.getWithLatestSegments('missing')).toBeNull();
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
});
