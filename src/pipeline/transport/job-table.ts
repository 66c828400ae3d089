import { availableParallelism } from 'node:os';
import type { z } from 'zod';
import { CallPayloadSchema, JOB_NAMES, ScanPayloadSchema, TriagePayloadSchema, type JobName, type JobPayloads } from '../job-payloads.ts';

export { JOB_NAMES, type JobName };

export interface JobSpec<N extends JobName = JobName> {
  payload: z.ZodType<JobPayloads[N]>;
  /** Total tries including the first; transient failures (database down, engine busy) are retried. */
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delay: number };
  /** The stage is aborted (child processes killed) after this long; the attempt counts as failed. */
  timeoutMs: number;
  /** Jobs one worker process runs at once for this stage. */
  concurrency: number;
}

export type JobTable = { [N in JobName]: JobSpec<N> };

export interface JobTableOptions {
  /** Cores of this machine: transcription is CPU-bound, one job per core by default. */
  cores?: number;
  /** Overrides per stage, e.g. from the command line. */
  concurrency?: Partial<Record<JobName, number>>;
}

/**
 * Jobs at once per process for ingest, scan and triage. Their statements are grouped across the
 * jobs a process runs at the same time (src/store/stage-statements.ts), so more jobs in flight
 * means more calls per statement, not more load: on the 2-core reference machine 16 gave 1.3–1.4×
 * the calls per second of 8 (docs/benchmarks.md, "Pipeline").
 */
const GROUPED_CONCURRENCY = 16;

/**
 * The one table of every stage's queue policy. Exhaustive by type: adding a stage without a row is
 * a compile error, and the workers refuse to start when a row has no handler.
 */
export function createJobTable(options: JobTableOptions = {}): JobTable {
  const cores = options.cores ?? availableParallelism();
  const c = options.concurrency ?? {};
  // Retries back off exponentially from a few seconds: long enough to ride out a PostgreSQL restart
  // or a Redis failover, short enough that a batch does not stall for minutes.
  const table: JobTable = {
    ingest: { payload: CallPayloadSchema, attempts: 8, backoff: { type: 'exponential', delay: 1_000 }, timeoutMs: 60_000, concurrency: c.ingest ?? GROUPED_CONCURRENCY },
    decode: { payload: CallPayloadSchema, attempts: 5, backoff: { type: 'exponential', delay: 2_000 }, timeoutMs: 5 * 60_000, concurrency: c.decode ?? cores },
    transcribe: { payload: CallPayloadSchema, attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, timeoutMs: 60 * 60_000, concurrency: c.transcribe ?? cores },
    scan: { payload: ScanPayloadSchema, attempts: 8, backoff: { type: 'exponential', delay: 1_000 }, timeoutMs: 2 * 60_000, concurrency: c.scan ?? GROUPED_CONCURRENCY },
    triage: { payload: TriagePayloadSchema, attempts: 8, backoff: { type: 'exponential', delay: 1_000 }, timeoutMs: 60_000, concurrency: c.triage ?? GROUPED_CONCURRENCY },
  };
  for (const name of JOB_NAMES) {
    if (!Number.isInteger(table[name].concurrency) || table[name].concurrency < 1) {
      throw new Error(`concurrency for ${name} must be a positive integer, got ${table[name].concurrency}`);
    }
  }
  return table;
}

/**
 * A deterministic job id per (stage, call[, pack version]): adding the same job twice while it is
 * queued or retained is a no-op in BullMQ. BullMQ refuses ':' in custom ids, so the call id is
 * percent-encoded.
 */
export function jobIdFor(name: JobName, payload: { callId: string; packVersion?: string }): string {
  const call = encodeURIComponent(payload.callId).replace(/\./g, '%2E');
  return payload.packVersion ? `${name}.${call}.${payload.packVersion}` : `${name}.${call}`;
}

/** Parses the comma-separated queue list of WORKER_QUEUES / --queues; unset or empty = all. */
export function parseQueueList(value: string | undefined): JobName[] {
  if (value === undefined || value.trim() === '') return [...JOB_NAMES];
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !(JOB_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new Error(`unknown queue(s) ${unknown.join(', ')}; known: ${JOB_NAMES.join(', ')}`);
  }
  return [...new Set(names)] as JobName[];
}

/** Parses a per-stage concurrency list (`transcribe=2,scan=16`, from --concurrency). */
export function parseConcurrencyList(spec: string): Partial<Record<JobName, number>> {
  const out: Partial<Record<JobName, number>> = {};
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z]+)=(\d+)$/.exec(part);
    const name = m?.[1];
    if (!m || !name || !(JOB_NAMES as readonly string[]).includes(name) || Number(m[2]) < 1) {
      throw new Error(`--concurrency: "${part}" is not stage=N with a stage among ${JOB_NAMES.join(', ')} and N ≥ 1`);
    }
    out[name as JobName] = Number(m[2]);
  }
  return out;
}
