import { systemClock, type Clock } from '../domain/clock.ts';
/**
 * Group commit: requests of one kind made at the same time are sent as one statement. While a batch
 * runs, new requests queue; when it ends they all go in the next one. A busy worker thus writes
 * many calls per round trip (the database's per-statement cost — planning, commit, the wake-up of
 * its backend — is paid once per batch), and an idle one sends each request alone, at once: no
 * timer, no added wait.
 *
 * A batch that fails is retried one request at a time, so a single bad request (a call deleted
 * meanwhile, a value the database refuses) fails alone with its own error and the others go
 * through, as they would have without batching.
 */
export interface GroupCommitOptions<I> {
  /** Most requests in one batch (bounds the statement's size). */
  maxBatch: number;
  /**
   * Requests with the same key never share a batch (two writes of one call in one statement would
   * collide with themselves); the later one waits for the next batch.
   */
  key?: (item: I) => string;
  /**
   * A batch still running after this long fails its requests (as a failed batch does), and the
   * group goes on with the next: a statement hung on a dead connection must not stall every later
   * request of its kind. The statement itself may still finish later; the writes it carries are
   * the idempotent kind a retry would repeat anyway.
   */
  timeoutMs?: number;
  /** Times `timeoutMs` (tests pass one they move by hand). */
  clock?: Clock;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<I, O> {
  private queue: Array<Pending<I, O>> = [];
  private running = false;

  /**
   * @param run executes one batch: one result per request, in the requests' order
   */
  constructor(private readonly run: (items: I[]) => Promise<O[]>, private readonly opts: GroupCommitOptions<I>) {
    if (!(opts.maxBatch >= 1)) throw new Error('maxBatch must be at least 1');
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // Requests made in the same turn of the event loop go together even when nothing is running.
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Requests waiting for a batch (for tests and diagnostics). */
  get waiting(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.take();
      await this.execute(batch);
    }
    this.running = false;
  }

  private take(): Array<Pending<I, O>> {
    const key = this.opts.key;
    if (!key) return this.queue.splice(0, this.opts.maxBatch);
    const batch: Array<Pending<I, O>> = [];
    const rest: Array<Pending<I, O>> = [];
    const keys = new Set<string>();
    for (const p of this.queue) {
      const k = key(p.item);
      if (batch.length < this.opts.maxBatch && !keys.has(k)) {
        keys.add(k);
        batch.push(p);
      } else rest.push(p);
    }
    this.queue = rest;
    return batch;
  }

  private async checked(items: I[]): Promise<O[]> {
    const results = await this.withTimeout(this.run(items), items.length);
    if (results.length !== items.length) throw new Error(`a batch of ${items.length} returned ${results.length} results`);
    return results;
  }

  private withTimeout(work: Promise<O[]>, size: number): Promise<O[]> {
    const ms = this.opts.timeoutMs;
    if (ms === undefined) return work;
    const settled = new AbortController();
    const expired = (this.opts.clock ?? systemClock).sleep(ms, { signal: settled.signal }).then((): never => {
      throw new GroupCommitTimeoutError(size, ms);
    });
    expired.catch(() => {}); // the batch answered first: the timer was only cancelled
    work.catch(() => {}); // settled after the timeout: its outcome no longer has a request to go to
    return Promise.race([work, expired]).finally(() => settled.abort());
  }

  private async execute(batch: Array<Pending<I, O>>): Promise<void> {
    try {
      const results = await this.checked(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (err) {
      // A batch that timed out is not retried one by one: the database is not answering, and n
      // more timeouts in a row would only hold the requests n times longer.
      if (batch.length === 1 || err instanceof GroupCommitTimeoutError) {
        for (const p of batch) p.reject(err);
        return;
      }
      // One at a time: each request gets its own result or its own error.
      for (const p of batch) {
        try {
          const [result] = await this.checked([p.item]);
          p.resolve(result!);
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }
}

export class GroupCommitTimeoutError extends Error {
  constructor(size: number, ms: number) {
    super(`a statement for ${size} request(s) got no answer within ${ms} ms`);
    this.name = 'GroupCommitTimeoutError';
  }
}
