import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/cli/human-duration.ts';
import { createJobTable } from '../../../src/pipeline/transport/job-table.ts';
import { carrierJobs, jobToResume, minimumIdleMs } from '../../../src/pipeline/operations/stalled-calls.ts';

const PACK = 'ab'.repeat(32);

describe('stalled calls: which job resumes a call, which jobs may carry it', () => {
  it('resumes each status with the stage that follows it', () => {
    const resume = (status: Parameters<typeof jobToResume>[0]['status'], lastScanPack: string | null = null) =>
      jobToResume({ callId: 'c-1', status, lastScanPack });
    expect(resume('received')).toEqual({ name: 'ingest', payload: { callId: 'c-1' } });
    expect(resume('decoded')).toEqual({ name: 'transcribe', payload: { callId: 'c-1' } });
    expect(resume('transcribed')).toEqual({ name: 'scan', payload: { callId: 'c-1' } });
    // Triage's job id carries the pack the call was scanned with.
    expect(resume('scanned', PACK)).toEqual({ name: 'triage', payload: { callId: 'c-1', packVersion: PACK } });
    expect(resume('scanned')).toEqual({ name: 'scan', payload: { callId: 'c-1' } });
  });

  it('lists every job that may carry the call, in pipeline order, pack-versioned ones when scanned', () => {
    expect(carrierJobs({ callId: 'c.1:x', lastScanPack: null }).map((j) => j.jobId)).toEqual([
      'ingest.c%2E1%3Ax', 'decode.c%2E1%3Ax', 'transcribe.c%2E1%3Ax', 'scan.c%2E1%3Ax',
    ]);
    expect(carrierJobs({ callId: 'c-1', lastScanPack: PACK }).map((j) => `${j.name} ${j.jobId}`)).toEqual([
      'ingest ingest.c-1', 'decode decode.c-1', 'transcribe transcribe.c-1', 'scan scan.c-1', `scan scan.c-1.${PACK}`, `triage triage.c-1.${PACK}`,
    ]);
  });

  it('never counts a call stalled before the timeout of the stage that would resume it', () => {
    const table = createJobTable({ cores: 2 });
    const tenMinutes = 10 * 60_000;
    expect(minimumIdleMs({ name: 'scan', payload: { callId: 'c' } }, table, tenMinutes)).toBe(tenMinutes);
    expect(minimumIdleMs({ name: 'transcribe', payload: { callId: 'c' } }, table, tenMinutes)).toBe(table.transcribe.timeoutMs);
    expect(minimumIdleMs({ name: 'ingest', payload: { callId: 'c' } }, table, 1_000)).toBe(table.ingest.timeoutMs);
  });
});

describe('human durations', () => {
  it('parses what an operator types', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('45')).toBe(45_000);
    expect(parseDuration('250ms')).toBe(250);
    for (const bad of ['', 'ten minutes', '-5m', '5 weeks', '5mm']) expect(() => parseDuration(bad), bad).toThrow(/not a duration/);
  });

  it('prints the two largest units', () => {
    expect(formatDuration(600_000)).toBe('10m');
    expect(formatDuration(7_500_000)).toBe('2h 5m');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(90_061_000)).toBe('1d 1h');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(250)).toBe('250ms');
  });
});
