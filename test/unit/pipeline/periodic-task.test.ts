import { describe, expect, it } from 'vitest';
import { startPeriodicTask } from '../../../src/pipeline/operations/periodic-task.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';

describe('a periodic task (the sweepers and the retention schedule)', () => {
  it('runs the work once per interval on the injected clock, a tick asked meanwhile joining the run in progress', async () => {
    const clock = new ManualClock();
    let runs = 0;
    let release!: () => void;
    const task = startPeriodicTask({
      clock, intervalMs: 60_000,
      work: async () => { runs++; await new Promise<void>((r) => { release = r; }); return runs; },
      onError: () => -1,
    });
    await clock.untilSleeping();
    expect(runs).toBe(0);
    clock.advance(60_000);
    await new Promise((r) => setImmediate(r));
    expect(runs).toBe(1);
    const joined = task.tick();
    expect(runs).toBe(1);
    release();
    expect(await joined).toBe(1);
    await clock.untilSleeping();
    await task.stop();
  });

  it("turns a failure into onError's answer, and the next tick tries again", async () => {
    const clock = new ManualClock();
    let fail = true;
    const task = startPeriodicTask({
      clock, intervalMs: 0,
      work: async () => { if (fail) throw new Error('database down'); return 'ok'; },
      onError: (e) => `failed: ${e.message}`,
    });
    expect(await task.tick()).toBe('failed: database down');
    fail = false;
    expect(await task.tick()).toBe('ok');
    expect(clock.sleeping).toBe(0); // interval 0: no timer
    await task.stop();
  });

  it('stop() ends the timer and waits for the run in progress, whose work sees the stop', async () => {
    const clock = new ManualClock();
    let sawStop = false;
    let release!: () => void;
    const task = startPeriodicTask({
      clock, intervalMs: 1_000,
      work: async (stopping) => { await new Promise<void>((r) => { release = r; }); sawStop = stopping.aborted; return 1; },
      onError: () => 0,
    });
    const running = task.tick();
    let stopped = false;
    const stopping = task.stop().then(() => { stopped = true; });
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await running).toBe(1);
    expect(sawStop).toBe(true);
    expect(clock.sleeping).toBe(0);
  });
});
