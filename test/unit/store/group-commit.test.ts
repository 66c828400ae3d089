import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { GroupCommit, GroupCommitTimeoutError } from '../../../src/store/group-commit.ts';

/** A batch runner that records each batch and can be held open until released. */
function recorder(fail?: (items: string[]) => Error | undefined) {
  const batches: string[][] = [];
  let release: (() => void) | undefined;
  let hold = false;
  const run = async (items: string[]) => {
    batches.push(items);
    if (hold) await new Promise<void>((r) => { release = r; });
    const err = fail?.(items);
    if (err) throw err;
    return items.map((i) => i.toUpperCase());
  };
  return {
    run, batches,
    holdNext() { hold = true; },
    release() { hold = false; release?.(); },
  };
}

describe('GroupCommit', () => {
  it('sends requests made in the same turn as one batch, each getting its own result', async () => {
    const r = recorder();
    const g = new GroupCommit(r.run, { maxBatch: 10 });
    expect(await Promise.all(['a', 'b', 'c'].map((x) => g.submit(x)))).toEqual(['A', 'B', 'C']);
    expect(r.batches).toEqual([['a', 'b', 'c']]);
  });

  it('queues what arrives while a batch runs and sends it all in the next one', async () => {
    const r = recorder();
    const g = new GroupCommit(r.run, { maxBatch: 10 });
    r.holdNext();
    const first = g.submit('a');
    await new Promise((res) => setImmediate(res));
    const later = ['b', 'c', 'd'].map((x) => g.submit(x));
    await new Promise((res) => setTimeout(res, 10));
    expect(r.batches).toEqual([['a']]);
    expect(g.waiting).toBe(3);
    r.release();
    expect(await Promise.all([first, ...later])).toEqual(['A', 'B', 'C', 'D']);
    expect(r.batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('never puts more than maxBatch requests, or two with the same key, in one batch', async () => {
    const r = recorder();
    const g = new GroupCommit(r.run, { maxBatch: 2, key: (s) => s[0]! });
    await Promise.all(['a1', 'a2', 'b1', 'c1', 'a3'].map((x) => g.submit(x)));
    expect(r.batches).toEqual([['a1', 'b1'], ['a2', 'c1'], ['a3']]);
  });

  it('a failed batch is retried one request at a time: the bad request fails alone with its own error', async () => {
    const r = recorder((items) => (items.includes('bad') ? new Error(`refused ${items.join(',')}`) : undefined));
    const g = new GroupCommit(r.run, { maxBatch: 10 });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((x) => g.submit(x)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('refused bad') },
      { status: 'fulfilled', value: 'C' },
    ]);
    expect(r.batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('a lone request that fails is rejected once, not retried', async () => {
    const r = recorder(() => new Error('database down'));
    const g = new GroupCommit(r.run, { maxBatch: 10 });
    await expect(g.submit('a')).rejects.toThrow('database down');
    expect(r.batches).toEqual([['a']]);
    // and the next request is sent (the failure did not leave the group stuck)
    const ok = new GroupCommit(recorder().run, { maxBatch: 10 });
    await expect(ok.submit('b')).resolves.toBe('B');
  });

  it('keeps working after a failure: later requests still go through', async () => {
    let down = true;
    const g = new GroupCommit(async (items: string[]) => {
      if (down) throw new Error('down');
      return items;
    }, { maxBatch: 10 });
    await expect(g.submit('a')).rejects.toThrow('down');
    down = false;
    await expect(g.submit('b')).resolves.toBe('b');
  });

  it('a batch that gets no answer fails its requests at the timeout, and the next batch is sent', async () => {
    const clock = new ManualClock();
    let hang = true;
    const batches: string[][] = [];
    const g = new GroupCommit(async (items: string[]) => {
      batches.push(items);
      if (hang) return new Promise<string[]>(() => {}); // a statement on a dead connection
      return items;
    }, { maxBatch: 10, timeoutMs: 30_000, clock });
    let settled = false;
    const stuck = Promise.allSettled(['a', 'b'].map((x) => g.submit(x))).finally(() => { settled = true; });
    await clock.untilSleeping();
    clock.advance(29_999);
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    clock.advance(1);
    expect((await stuck).map((r) => r.status === 'rejected' && r.reason instanceof GroupCommitTimeoutError)).toEqual([true, true]);
    // not retried one by one: the database was not answering
    expect(batches).toEqual([['a', 'b']]);
    hang = false;
    await expect(g.submit('c')).resolves.toBe('c');
  });

  it('a runner that returns the wrong number of results fails the requests instead of resolving them wrongly', async () => {
    const g = new GroupCommit(async (items: string[]) => items.slice(1), { maxBatch: 10 });
    const results = await Promise.allSettled(['a', 'b'].map((x) => g.submit(x)));
    expect(results.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });
});
