import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/domain/clock.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';

describe('the system clock', () => {
  it('ends a wait at once when it is aborted, and leaves no listener on the signal', async () => {
    const controller = new AbortController();
    let added = 0;
    let removed = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => { added++; add(...args); }) as typeof add;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => { removed++; remove(...args); }) as typeof remove;
    // A wait that ends by itself takes its listener away with it (a loop waits like this for months).
    await systemClock.sleep(1, { signal });
    expect([added, removed]).toEqual([1, 1]);
    const long = systemClock.sleep(3_600_000, { signal, unref: true });
    controller.abort();
    await long;
    await systemClock.sleep(3_600_000, { signal }); // already aborted: no wait at all
  });
});

describe('the manual clock', () => {
  it('wakes the waits due by the time it is moved to, earliest first, and no others', async () => {
    const clock = new ManualClock(1_000);
    const woke: string[] = [];
    const wait = (name: string, ms: number) => clock.sleep(ms).then(() => woke.push(`${name}@${clock.nowMs()}`));
    const all = [wait('b', 200), wait('a', 100), wait('c', 500)];
    await clock.untilSleeping(3);
    clock.advance(250);
    await Promise.all(all.slice(0, 2));
    expect(woke).toEqual(['a@1250', 'b@1250']);
    expect(clock.sleeping).toBe(1);
    clock.set(1_500);
    await all[2];
    expect(woke).toEqual(['a@1250', 'b@1250', 'c@1500']);
    expect(() => clock.set(1_499)).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });

  it('ends an aborted wait without moving time', async () => {
    const clock = new ManualClock(0);
    const controller = new AbortController();
    const waiting = clock.sleep(1_000, { signal: controller.signal });
    expect(clock.sleeping).toBe(1);
    controller.abort();
    await waiting;
    expect(clock.sleeping).toBe(0);
    expect(clock.nowMs()).toBe(0);
  });
});
