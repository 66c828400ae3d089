import { describe, expect, it } from 'vitest';
import { giveUpReason } from '../../../workers/start-workers.ts';

describe("a failed call's reason, as the workers record it", () => {
  it("says what BullMQ's stalled-job wording means for the call and what to do", () => {
    const reason = giveUpReason('transcribe', 'job stalled more than allowable limit');
    expect(reason).toMatch(/^the worker stopped more than once while running transcribe/);
    expect(reason).toMatch(/callguard retry/);
    expect(reason).not.toMatch(/allowable limit/);
  });

  it('keeps every other reason as the stage gave it', () => {
    expect(giveUpReason('decode', 'recording unusable (truncated): the mp3 recording of call c1: …')).toBe(
      'recording unusable (truncated): the mp3 recording of call c1: …',
    );
  });
});
