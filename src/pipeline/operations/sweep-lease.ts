import { randomBytes } from 'node:crypto';
import type { RedisClient } from 'bullmq';

/**
 * The right to run the stalled-call sweep, one holder across every worker process and operator
 * command sharing the queues: a Redis key under the queue prefix, set only when absent and with an
 * expiry (SET NX PX, done in Lua so that every step also checks the holder's token).
 *
 * - While sweeping, the key holds the holder's token and lives `ttlMs`; the holder extends it
 *   between pages. A holder that dies (SIGKILL, machine lost, partitioned from Redis) stops
 *   extending, and the key expires `ttlMs` later: the next tick of any other process sweeps.
 * - A periodic sweep that finished leaves the key as `rest:<token>` for the rest of its interval,
 *   so a fleet of N worker processes sweeps once per interval, not N times (each sweep reads every
 *   idle call, which in a long backlog is most of them). An operator's command may take over a
 *   resting key, never a key whose holder is still sweeping.
 * - A holder that finds its token gone (expired while it was stuck) stops: it is no longer alone.
 */
export const SWEEP_LEASE_KEY = 'stalled-sweep:lease';

const REST_MARK = 'rest:';

const SCRIPTS = {
  // KEYS[1] lease; ARGV: token, ttl ms, '1' when a resting key may be taken over.
  callguardLeaseAcquire: `
    local v = redis.call('GET', KEYS[1])
    if v and not (ARGV[3] == '1' and string.sub(v, 1, ${REST_MARK.length}) == '${REST_MARK}') then return 0 end
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    return 1`,
  // KEYS[1] lease; ARGV: token, ttl ms.
  callguardLeaseExtend: `
    if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return 1`,
  // KEYS[1] lease; ARGV: token, rest ms (0 = delete now).
  callguardLeaseRest: `
    if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
    if tonumber(ARGV[2]) > 0 then
      redis.call('SET', KEYS[1], '${REST_MARK}' .. ARGV[1], 'PX', ARGV[2])
    else
      redis.call('DEL', KEYS[1])
    end
    return 1`,
} as const;

const defined = new WeakSet<RedisClient>();

function defineScripts(client: RedisClient): void {
  if (defined.has(client)) return;
  for (const [name, lua] of Object.entries(SCRIPTS)) client.defineCommand(name, { numberOfKeys: 1, lua });
  defined.add(client);
}

export interface SweepLeaseOptions {
  /** How long the key outlives a holder that stopped extending it. */
  ttlMs: number;
  /** Who holds it, for an operator reading the key (host:pid); a random suffix makes it unique. */
  holder: string;
  /** An operator's command: a finished sweep's rest period does not make it wait. */
  takeOverRest?: boolean;
}

export class SweepLease {
  private constructor(
    private readonly client: RedisClient,
    private readonly key: string,
    private readonly token: string,
    private readonly ttlMs: number,
  ) {}

  /** The lease, or null when another process is sweeping (or, for periodic sweeps, swept this interval). */
  static async acquire(client: RedisClient, keyPrefix: string, options: SweepLeaseOptions): Promise<SweepLease | null> {
    defineScripts(client);
    const key = `${keyPrefix}:${SWEEP_LEASE_KEY}`;
    const token = `${options.holder}:${randomBytes(6).toString('hex')}`;
    const got = await client.runCommand('callguardLeaseAcquire', [key, token, options.ttlMs, options.takeOverRest ? '1' : '0']);
    return Number(got) === 1 ? new SweepLease(client, key, token, options.ttlMs) : null;
  }

  /** Another `ttlMs` from now; false when the lease expired and someone else may hold it. */
  async extend(): Promise<boolean> {
    return Number(await this.client.runCommand('callguardLeaseExtend', [this.key, this.token, this.ttlMs])) === 1;
  }

  /** The sweep is over: others skip their sweeps for `restMs` more (0 = free the key now). */
  async finish(restMs: number): Promise<void> {
    await this.client.runCommand('callguardLeaseRest', [this.key, this.token, Math.max(0, Math.round(restMs))]);
  }

  /** Frees the key at once (a failed sweep: the next tick anywhere may try again). */
  async release(): Promise<void> {
    await this.finish(0);
  }
}

/** Thrown inside a sweep whose lease expired under it: continuing could race the new holder. */
export class SweepLeaseLostError extends Error {
  constructor() {
    super('the stalled-call sweep lease expired during the sweep; another process may be sweeping: stopped');
    this.name = 'SweepLeaseLostError';
  }
}
