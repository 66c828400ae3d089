import type { Clock, SleepOptions } from '../../src/domain/clock.ts';

interface Sleeper {
  at: number;
  resolve: () => void;
}

/**
 * A clock that moves only when the test moves it. Code under test sleeps on it; the test waits
 * until that code is asleep (`untilSleeping`: it has finished what it does between waits) and
 * then `advance`s time, which wakes every sleeper due by then. A poll loop is driven one poll at a
 * time with `step`, whatever the machine's load: nothing depends on how fast real time passes.
 */
export class ManualClock implements Clock {
  private ms: number;
  private readonly sleepers = new Set<Sleeper>();
  private readonly watchers: Array<{ count: number; resolve: () => void }> = [];

  constructor(start: Date | number = Date.parse('2026-03-02T02:00:00Z')) {
    this.ms = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  nowMs(): number {
    return this.ms;
  }

  sleep(ms: number, options: SleepOptions = {}): Promise<void> {
    const { signal } = options;
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const sleeper: Sleeper = {
        at: this.ms + Math.max(0, ms),
        resolve: () => {
          this.sleepers.delete(sleeper);
          signal?.removeEventListener('abort', sleeper.resolve);
          resolve();
        },
      };
      this.sleepers.add(sleeper);
      signal?.addEventListener('abort', sleeper.resolve, { once: true });
      this.notify();
    });
  }

  /** How many waits are pending now. */
  get sleeping(): number {
    return this.sleepers.size;
  }

  /** Resolves once at least `count` waits are pending (at once if they already are). */
  untilSleeping(count = 1): Promise<void> {
    if (this.sleepers.size >= count) return Promise.resolve();
    return new Promise((resolve) => this.watchers.push({ count, resolve }));
  }

  /** Moves time on by `ms` and wakes, earliest first, every wait due by then. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('a clock does not go back');
    this.set(this.ms + ms);
  }

  /** Moves time on to `to` (not back). */
  set(to: Date | number): void {
    const target = typeof to === 'number' ? to : to.getTime();
    if (target < this.ms) throw new RangeError('a clock does not go back');
    const due = [...this.sleepers].filter((s) => s.at <= target).sort((a, b) => a.at - b.at);
    this.ms = target;
    for (const s of due) s.resolve();
  }

  /**
   * One round of a loop that sleeps between rounds: waits until it is asleep, moves time on by
   * `ms`, and waits until it is asleep again (the round it woke for is over).
   */
  async step(ms: number): Promise<void> {
    await this.untilSleeping();
    this.advance(ms);
    await this.untilSleeping();
  }

  private notify(): void {
    for (let i = this.watchers.length - 1; i >= 0; i--) {
      const w = this.watchers[i]!;
      if (this.sleepers.size >= w.count) {
        this.watchers.splice(i, 1);
        w.resolve();
      }
    }
  }
}
