import { describe, expect, it } from 'vitest';
import { createJobTable, jobIdFor, JOB_NAMES, parseQueueList } from '../../../src/pipeline/transport/job-table.ts';
import { assertHandlersComplete } from '../../../src/pipeline/stage.ts';

describe('job table', () => {
  it('has a row for every stage, transcription concurrency = cores by default', () => {
    const t = createJobTable({ cores: 6 });
    expect(Object.keys(t).sort()).toEqual([...JOB_NAMES].sort());
    expect(t.transcribe.concurrency).toBe(6);
    expect(createJobTable({ cores: 6, concurrency: { transcribe: 1 } }).transcribe.concurrency).toBe(1);
    for (const n of JOB_NAMES) expect(t[n].attempts).toBeGreaterThan(1);
  });

  it('rejects a non-positive concurrency', () => {
    expect(() => createJobTable({ concurrency: { scan: 0 } })).toThrow(/concurrency for scan/);
  });

  it('payload schemas accept ids only', () => {
    const t = createJobTable();
    expect(t.ingest.payload.safeParse({ callId: 'a' }).success).toBe(true);
    expect(t.ingest.payload.safeParse({ callId: 'a', phone: '138' }).success).toBe(false);
    expect(t.scan.payload.safeParse({ callId: 'a', packVersion: 'deadbeef00' }).success).toBe(true);
    expect(t.scan.payload.safeParse({ callId: 'a', packVersion: 'not a hash' }).success).toBe(false);
    expect(t.triage.payload.safeParse({ callId: '' }).success).toBe(false);
  });

  it('job ids are deterministic, per stage, and never contain ":"', () => {
    expect(jobIdFor('scan', { callId: 'C:1.2' })).toBe('scan.C%3A1%2E2');
    expect(jobIdFor('scan', { callId: 'C:1.2' })).toBe(jobIdFor('scan', { callId: 'C:1.2' }));
    expect(jobIdFor('scan', { callId: 'a', packVersion: 'ab12cd34' })).toBe('scan.a.ab12cd34');
    expect(jobIdFor('decode', { callId: 'a' })).not.toBe(jobIdFor('scan', { callId: 'a' }));
    // "a.b" and "a" + ".b" must not collide with a pack-version suffix.
    expect(jobIdFor('scan', { callId: 'a.b' })).not.toBe(jobIdFor('scan', { callId: 'a', packVersion: 'b' }));
  });

  it('parses queue lists and rejects unknown names', () => {
    expect(parseQueueList(undefined)).toEqual([...JOB_NAMES]);
    expect(parseQueueList(' scan, triage ,scan')).toEqual(['scan', 'triage']);
    expect(() => parseQueueList('scan,transcode')).toThrow(/unknown queue\(s\) transcode/);
  });

  it('refuses handler sets with a missing stage', () => {
    expect(() => assertHandlersComplete({ ingest: () => 0 }, ['ingest', 'scan'])).toThrow(/scan/);
    expect(() => assertHandlersComplete({ ingest: () => 0 }, ['ingest'])).not.toThrow();
  });
});
