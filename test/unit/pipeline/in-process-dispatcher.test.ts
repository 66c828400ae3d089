import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../src/pipeline/errors.ts';
import { createJobTable } from '../../../src/pipeline/transport/job-table.ts';
import { createInProcessDispatcher } from '../../../src/pipeline/transport/in-process-dispatcher.ts';
import { alreadyDone, done, jobsAfter, type GiveUpHandler, type StageHandlers } from '../../../src/pipeline/stage.ts';

const logger = pino({ level: 'silent' });

/** Stages that record what ran and hand each call on as the lifecycle says (a 'dialer-' call has no recording). */
function recordingStages(ran: string[], gate?: Promise<void>) {
  const step = (name: 'ingest' | 'decode' | 'transcribe' | 'scan' | 'triage') => async (p: { callId: string }) => {
    if (gate && name === 'ingest') await gate;
    ran.push(`${name} ${p.callId}`);
    return done(...jobsAfter(name, p.callId, { hasRecording: !p.callId.startsWith('dialer') }));
  };
  const handlers: StageHandlers = { ingest: step('ingest'), decode: step('decode'), transcribe: step('transcribe'), scan: step('scan'), triage: step('triage') };
  return handlers;
}

describe('the in-process dispatcher', () => {
  it('runs each dispatched call through the stages the lifecycle names, one dispatch after another', async () => {
    const ran: string[] = [];
    const handlers = recordingStages(ran);
    const onGiveUp: GiveUpHandler = async () => {};
    const d = createInProcessDispatcher(async () => ({ handlers, onGiveUp }), { table: createJobTable({ cores: 1 }), logger, retryDelayMs: 1 });
    await Promise.all([
      d.dispatch([{ name: 'ingest', payload: { callId: 'a' } }]),
      d.dispatch([{ name: 'ingest', payload: { callId: 'dialer-b' } }]),
    ]);
    expect(ran).toEqual([
      'ingest a', 'decode a', 'transcribe a', 'scan a', 'triage a',
      'ingest dialer-b', 'scan dialer-b', 'triage dialer-b',
    ]);
    expect(d.kind).toBe('in-process');
  });

  it('waits for a run by default, and in the background answers at once while close waits for the run', async () => {
    const ran: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const handlers = recordingStages(ran, gate);
    const d = createInProcessDispatcher(async () => ({ handlers, onGiveUp: async () => {} }), { table: createJobTable({ cores: 1 }), logger, background: true });
    await d.dispatch([{ name: 'ingest', payload: { callId: 'c' } }]);
    expect(ran).toEqual([]);
    const closed = d.close();
    open();
    await closed;
    expect(ran).toHaveLength(5);
  });

  it('hands a call that fails for good to the give-up handler and goes on with the next', async () => {
    const ran: string[] = [];
    const gaveUp: string[] = [];
    const handlers = recordingStages(ran);
    handlers.scan = async (p) => {
      ran.push(`scan ${p.callId}`);
      if (p.callId === 'bad') throw new PermanentError('corrupt');
      return alreadyDone(...jobsAfter('scan', p.callId));
    };
    const d = createInProcessDispatcher(async () => ({ handlers, onGiveUp: async (stage, callId, reason) => void gaveUp.push(`${stage} ${callId} ${reason}`) }), {
      table: createJobTable({ cores: 1 }), logger, retryDelayMs: 1,
    });
    await d.dispatch([{ name: 'scan', payload: { callId: 'bad' } }, { name: 'scan', payload: { callId: 'good' } }]);
    expect(gaveUp).toEqual(['scan bad corrupt']);
    expect(ran).toEqual(['scan bad', 'scan good', 'triage good']);
  });

  it('rejects a dispatch whose run could not start, and runs the next one anyway', async () => {
    let calls = 0;
    const ran: string[] = [];
    const d = createInProcessDispatcher(async () => {
      if (calls++ === 0) throw new Error('rule pack invalid');
      return { handlers: recordingStages(ran), onGiveUp: async () => {} };
    }, { table: createJobTable({ cores: 1 }), logger });
    await expect(d.dispatch([{ name: 'triage', payload: { callId: 'x' } }])).rejects.toThrow('rule pack invalid');
    await d.dispatch([{ name: 'triage', payload: { callId: 'y' } }]);
    expect(ran).toEqual(['triage y']);
  });
});
