import { describe, expect, it } from 'vitest';
import { CALL_STATUSES, PIPELINE_STAGES } from '../../../src/domain/call-status.ts';
import { hasReached, retryStage, STAGE_STEPS, stageAfter, stageResuming, STATUS_ROWS, UNFINISHED_STATUSES } from '../../../src/pipeline/call-lifecycle.ts';
import { jobsAfter } from '../../../src/pipeline/stage.ts';

describe('the call lifecycle', () => {
  it('walks a recording through every stage, and a call without one from ingest to scan', () => {
    const walk = (hasRecording: boolean) => {
      const seen: string[] = [];
      for (let s: (typeof PIPELINE_STAGES)[number] | null = 'ingest'; s; s = stageAfter(s, { hasRecording })) seen.push(s);
      return seen;
    };
    expect(walk(true)).toEqual(['ingest', 'decode', 'transcribe', 'scan', 'triage']);
    expect(walk(false)).toEqual(['ingest', 'scan', 'triage']);
  });

  it('resumes every unfinished status with the stage that moves a call out of it', () => {
    for (const status of UNFINISHED_STATUSES) {
      const stage = stageResuming(status)!;
      // The resuming stage is the one that follows the stage that left the call there.
      const before = PIPELINE_STAGES.find((s) => STAGE_STEPS[s].reaches === status && s !== stage);
      if (before) expect(stageAfter(before)).toBe(stage);
    }
    expect(UNFINISHED_STATUSES).toEqual(['received', 'decoded', 'transcribed', 'scanned']);
    expect(stageResuming('done')).toBeNull();
    expect(stageResuming('failed')).toBeNull();
  });

  it('has a row for every status and only reachable statuses', () => {
    expect(Object.keys(STATUS_ROWS).sort()).toEqual([...CALL_STATUSES].sort());
    const reached = new Set(PIPELINE_STAGES.map((s) => STAGE_STEPS[s].reaches));
    // Every status but failed is where some stage leaves a call: none is declared and never written.
    expect(CALL_STATUSES.filter((s) => s !== 'failed' && !reached.has(s))).toEqual([]);
  });

  it('says how far a call got, and that a failed call got nowhere', () => {
    expect(hasReached('transcribed', 'scanned')).toBe(false);
    expect(hasReached('scanned', 'scanned')).toBe(true);
    expect(hasReached('done', 'scanned')).toBe(true);
    expect(hasReached('failed', 'received')).toBe(false);
  });

  it('retries a failed call at the stage that failed; triage from its scan; unknown from ingest', () => {
    expect(retryStage('transcribe')).toBe('transcribe');
    expect(retryStage('decode')).toBe('decode');
    expect(retryStage('triage')).toBe('scan');
    expect(retryStage(null)).toBe('ingest');
  });

  it('builds the follow-up job, with the pack a scan used for the triage after it', () => {
    expect(jobsAfter('decode', 'c-1')).toEqual([{ name: 'transcribe', payload: { callId: 'c-1' } }]);
    expect(jobsAfter('ingest', 'c-1', { hasRecording: false })).toEqual([{ name: 'scan', payload: { callId: 'c-1' } }]);
    expect(jobsAfter('scan', 'c-1', { packVersion: 'ab12cd34' })).toEqual([{ name: 'triage', payload: { callId: 'c-1', packVersion: 'ab12cd34' } }]);
    expect(jobsAfter('triage', 'c-1')).toEqual([]);
  });
});
