import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { PermanentError, StageTimeoutError } from '../../../src/pipeline/errors.ts';
import { JOB_NAMES, type JobName } from '../../../src/pipeline/transport/job-table.ts';
import type { PipelineQueues } from '../../../src/pipeline/transport/queues.ts';
import { done, type StageHandlers } from '../../../src/pipeline/stage.ts';
import { fastTable, producer, quietLogger, testConnection, waitFor } from './queue-helpers.ts';

// The BullMQ glue on a real Redis, with one small handler set per failure mode (BullMQ's own test
// practice). The stages themselves are tested with the database in pipeline-server.test.ts.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function setup(handlers: StageHandlers, opts: { attempts?: number; timeoutMs?: number } = {}) {
  const table = fastTable(opts.attempts, opts.timeoutMs);
  const conn = testConnection();
  const queues = producer(table, conn);
  const giveUps: Array<{ name: JobName; callId: string; reason: string }> = [];
  let running: RunningWorkers | undefined;
  cleanups.push(async () => {
    await running?.close();
    await queues.obliterate();
    await queues.close();
  });
  const start = async () => {
    running = await startWorkers({
      queues: JOB_NAMES, table, handlers, producer: queues, connection: conn, logger: quietLogger(),
      onGiveUp: async (name, callId, reason) => { giveUps.push({ name, callId, reason }); },
      stall: { lockDurationMs: 5_000, stalledIntervalMs: 5_000 },
    });
    return running;
  };
  return { table, queues, giveUps, start };
}

function chainHandlers(runs: string[]): StageHandlers {
  const step = (name: JobName, next: JobName | null) => async ({ callId }: { callId: string }) => {
    runs.push(`${name}:${callId}`);
    return next ? done({ name: next, payload: { callId } } as never) : done();
  };
  return {
    ingest: step('ingest', 'decode'), decode: step('decode', 'transcribe'), transcribe: step('transcribe', 'scan'),
    scan: step('scan', 'triage'), triage: step('triage', null),
  };
}

async function stateOf(queues: PipelineQueues, name: JobName, callId: string) {
  // The state first, then a fresh read of the job: a snapshot taken before the move to failed
  // would still show the attempt as not made.
  const state = await queues.queue(name).getJobState(`${name}.${callId}`);
  const job = await queues.queue(name).getJob(`${name}.${callId}`);
  return job ? { state, attemptsMade: job.attemptsMade, failedReason: job.failedReason } : undefined;
}

describe('worker glue (BullMQ on real Redis)', () => {
  it('refuses to start when a stage in the table has no handler', async () => {
    const handlers = chainHandlers([]) as Partial<StageHandlers>;
    delete handlers.scan;
    const { start } = setup(handlers as StageHandlers);
    await expect(start()).rejects.toThrow(/no handler for stage\(s\) scan/);
  });

  it('runs each stage once per call and enqueues the next one on completion, even when enqueued twice', async () => {
    const runs: string[] = [];
    const { queues, start } = setup(chainHandlers(runs));
    await queues.enqueue('ingest', { callId: 'c-1' });
    await queues.enqueue('ingest', { callId: 'c-1' });
    await queues.enqueueMany('ingest', [{ callId: 'c-2' }, { callId: 'c-2' }]);
    await start();
    await waitFor('both calls triaged', async () => runs.filter((r) => r.startsWith('triage')).length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(runs.filter((r) => r.endsWith('c-1'))).toEqual(JOB_NAMES.map((n) => `${n}:c-1`));
    expect(runs.filter((r) => r.endsWith('c-2'))).toEqual(JOB_NAMES.map((n) => `${n}:c-2`));
  });

  it('does not retry a permanent error and reports the give-up with its reason', async () => {
    let tries = 0;
    const handlers = chainHandlers([]);
    handlers.decode = async () => { tries++; throw new PermanentError('no audio stream in recording'); };
    const { queues, giveUps, start } = setup(handlers, { attempts: 4 });
    await queues.enqueue('decode', { callId: 'bad' });
    await start();
    const st = await waitFor('decode job failed', async () => { const s = await stateOf(queues, 'decode', 'bad'); return s?.state === 'failed' ? s : undefined; });
    expect(st.attemptsMade).toBe(1);
    expect(st.failedReason).toBe('no audio stream in recording');
    await waitFor('give-up recorded', async () => giveUps.length === 1);
    expect(giveUps[0]).toEqual({ name: 'decode', callId: 'bad', reason: 'no audio stream in recording' });
    await new Promise((r) => setTimeout(r, 300));
    expect(tries).toBe(1);
  });

  it('retries a transient error and succeeds without a give-up', async () => {
    let tries = 0;
    const handlers = chainHandlers([]);
    handlers.scan = async ({ callId }) => {
      tries++;
      if (tries < 3) throw new Error('connection terminated unexpectedly');
      return done({ name: 'triage', payload: { callId } });
    };
    const { queues, giveUps, start } = setup(handlers, { attempts: 5 });
    await queues.enqueue('scan', { callId: 'flaky' });
    await start();
    await waitFor('triage completed', async () => (await stateOf(queues, 'triage', 'flaky'))?.state === 'completed');
    expect(tries).toBe(3);
    expect(giveUps).toEqual([]);
  });

  it('gives up after the last attempt of a transient error', async () => {
    const handlers = chainHandlers([]);
    handlers.triage = async () => { throw new Error('database is down'); };
    const { queues, giveUps, start } = setup(handlers, { attempts: 2 });
    await queues.enqueue('triage', { callId: 'x' });
    await start();
    await waitFor('give-up', async () => giveUps.length === 1);
    expect(giveUps[0]).toMatchObject({ name: 'triage', callId: 'x', reason: 'database is down' });
    expect((await stateOf(queues, 'triage', 'x'))?.attemptsMade).toBe(2);
  });

  it('aborts a stage at its timeout and the aborted child process is gone', async () => {
    const handlers = chainHandlers([]);
    let childPid = 0;
    handlers.transcribe = async (_p, ctx) => {
      const child = spawn('sleep', ['30'], { signal: ctx.signal, stdio: 'ignore' });
      childPid = child.pid ?? 0;
      await new Promise((resolve, reject) => { child.on('exit', resolve); child.on('error', reject); });
      return done();
    };
    const { queues, giveUps, start } = setup(handlers, { attempts: 1, timeoutMs: 300 });
    await queues.enqueue('transcribe', { callId: 'slow' });
    await start();
    await waitFor('give-up', async () => giveUps.length === 1);
    expect(giveUps[0]!.reason).toBe(new StageTimeoutError('transcribe', 300).message);
    expect(childPid).toBeGreaterThan(0);
    // Gone once SIGTERM is delivered and the child reaped: on a loaded machine, possibly seconds.
    await waitFor('child killed', async () => { try { process.kill(childPid, 0); return false; } catch { return true; } }, 10_000);
  });

  it('refuses a payload that carries anything but ids, without retrying', async () => {
    const runs: string[] = [];
    const { queues, giveUps, start } = setup(chainHandlers(runs), { attempts: 3 });
    await queues.queue('ingest').add('ingest', { callId: 'p', phone: '+8613800000000' }, { jobId: 'ingest.p', attempts: 3 });
    await expect(queues.enqueue('ingest', { callId: 'q', phone: '1' } as never)).rejects.toThrow();
    await start();
    await waitFor('give-up', async () => giveUps.length === 1);
    expect(giveUps[0]!.reason).toMatch(/invalid ingest payload/);
    expect(giveUps[0]!.reason).not.toMatch(/8613800000000/);
    expect(runs).toEqual([]);
  });
});
