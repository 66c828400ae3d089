import { Queue, type ConnectionOptions, type JobsOptions, type RedisClient } from 'bullmq';
import type { JobPayloads } from '../job-payloads.ts';
import { JOB_NAMES, jobIdFor, type JobName, type JobTable } from './job-table.ts';
import type { NextJob } from '../stage.ts';

/**
 * How long finished jobs stay in Redis. Completed jobs are kept a day so a duplicate enqueue of a
 * call that just finished is a no-op in the queue too (the stage would also return early); failed
 * jobs are kept for the operator for a week. Counts cap memory under a flood.
 */
export const RETENTION = {
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 100_000 },
} as const;

export interface QueueConnection {
  connection: ConnectionOptions;
  prefix: string;
}

/** Redis connection options from a redis:// URL. Workers need maxRetriesPerRequest: null. */
export function redisConnectionFromUrl(url: string): ConnectionOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

export type QueueDepths = Record<JobName, { waiting: number; active: number; delayed: number; failed: number; completed: number }>;

/**
 * The producer side of the pipeline's queues: enqueue with the job table's retry policy and a
 * deterministic job id, read depths, clean up. Workers live in workers/.
 */
export class PipelineQueues {
  private readonly queues: Record<JobName, Queue>;

  constructor(private readonly table: JobTable, private readonly conn: QueueConnection) {
    this.queues = Object.fromEntries(
      JOB_NAMES.map((n) => [n, new Queue(n, { connection: conn.connection, prefix: conn.prefix })]),
    ) as Record<JobName, Queue>;
  }

  queue(name: JobName): Queue {
    return this.queues[name];
  }

  jobOptions(name: JobName, payload: { callId: string; packVersion?: string }): JobsOptions {
    const spec = this.table[name];
    return { jobId: jobIdFor(name, payload), attempts: spec.attempts, backoff: spec.backoff, ...RETENTION };
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<void> {
    const parsed = this.table[name].payload.parse(payload);
    await this.queues[name].add(name, parsed, this.jobOptions(name, parsed));
  }

  async enqueueNext(next: readonly NextJob[]): Promise<void> {
    for (const job of next) await this.enqueue(job.name, job.payload as never);
  }

  /** One round trip per chunk: a 10,000-call burst is added in a few hundred milliseconds. */
  async enqueueMany<N extends JobName>(name: N, payloads: readonly JobPayloads[N][], chunk = 1_000): Promise<void> {
    for (let i = 0; i < payloads.length; i += chunk) {
      const part = payloads.slice(i, i + chunk).map((p) => {
        const parsed = this.table[name].payload.parse(p);
        return { name, data: parsed, opts: this.jobOptions(name, parsed) };
      });
      await this.queues[name].addBulk(part);
    }
  }

  async depths(): Promise<QueueDepths> {
    const out = {} as QueueDepths;
    for (const n of JOB_NAMES) {
      const c = await this.queues[n].getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
      out[n] = {
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
        completed: c.completed ?? 0,
      };
    }
    return out;
  }

  /**
   * Removes the finished jobs of these calls from every queue (failed ones, and completed ones kept
   * for deduplication), so a retry's jobs are not taken for duplicates. Active jobs are left alone.
   */
  async removeJobsOfCalls(callIds: readonly string[]): Promise<number> {
    const wanted = new Set(callIds);
    let removed = 0;
    for (const n of JOB_NAMES) {
      const q = this.queues[n];
      const candidates = new Map<string, Awaited<ReturnType<Queue['getJob']>>>();
      for (const id of callIds) {
        const job = await q.getJob(jobIdFor(n, { callId: id }));
        if (job?.id) candidates.set(job.id, job);
      }
      // Scan and triage ids also carry a pack version: find those among the failed jobs.
      for (const job of await q.getJobs(['failed'], 0, -1)) {
        if (job?.id && wanted.has((job.data as { callId?: string })?.callId ?? '')) candidates.set(job.id, job);
      }
      for (const job of candidates.values()) {
        if (!job) continue;
        const state = await job.getState();
        if (state === 'failed' || state === 'completed') {
          await job.remove();
          removed++;
        }
      }
    }
    return removed;
  }

  /**
   * The queues' own Redis connection and key prefix, for the few keys callguard keeps beside the
   * queues (the stalled-call sweeper's lease): no second connection per process, and the keys live
   * and go with the queues they belong to.
   */
  async redisForOwnKeys(): Promise<{ client: RedisClient; keyPrefix: string }> {
    return { client: await this.queues.ingest.getBackend().client, keyPrefix: this.conn.prefix };
  }

  /** Tests and benchmarks: remove every key of these queues. */
  async obliterate(): Promise<void> {
    for (const q of Object.values(this.queues)) await q.obliterate({ force: true });
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
  }
}
