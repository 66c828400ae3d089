import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { tallyCaseDeadlines } from '../../../cases/deadline-tally.ts';
import type { BankGroup } from '../../../domain/bank-groups.ts';
import { systemClock, type Clock } from '../../../domain/clock.ts';
import { DeadlinesPolicySchema, type DeadlinesPolicy } from '../../../rules/rule-schema.ts';
import type { Db } from '../../../store/db.ts';
import {
  callsByStatus, casesByKindAndStatus, findingsByCategory, lastRetentionRun, transcriptionFacts,
} from '../../../store/metrics/metrics-sql.ts';
import { JOB_NAMES, type JobName } from '../../transport/job-table.ts';
import type { PipelineQueues } from '../../transport/queues.ts';

/**
 * callguard's Prometheus metrics (docs/operations.md, "Metrics"). One registry per process:
 * counters and histograms the workers and the server update as work happens, and gauges of state
 * (queues, findings, cases, the last purge) read when Prometheus scrapes, through a short cache, so
 * ten scrapers or a tight scrape interval cost the database one read per cache period, not a loop.
 * Labels are stage, queue, engine, category, state and HTTP route names: never an id, a phone
 * number, a name or text.
 */
export type JobOutcome = 'completed' | 'already_done' | 'failed';

export interface CallguardMetrics {
  registry: Registry;
  /** A job attempt ended: how, and how long it ran. */
  observeJob(stage: JobName, outcome: JobOutcome, seconds: number): void;
  /** A job gave up for good: its call is failed. */
  observeGiveUp(stage: JobName): void;
  /** Transcription speed: seconds of work per second of audio. */
  observeRealTimeFactor(engine: string, rtf: number): void;
  /** An HTTP request of the review app (route = its pattern, e.g. /api/cases/:id). */
  observeHttp(method: string, route: string, status: number, seconds: number): void;
}

export interface MetricsOptions {
  /** The database for state gauges; absent = none. */
  db?: Db;
  /** The queues for depth and age gauges; absent = none (embedded mode). */
  queues?: Pick<PipelineQueues, 'queue'>;
  clock?: Clock;
  /** The case deadlines' settings (rules/policy.yaml `deadlines`) and bank groups, as the case pages use them; absent = the defaults. */
  deadlines?: DeadlinesPolicy;
  bankGroups?: readonly BankGroup[];
  /** How long a state read is reused. */
  cacheMs?: number;
  /** Node.js process metrics (memory, event loop lag, GC). */
  processMetrics?: boolean;
}

/** A read reused for `ttlMs`; concurrent scrapes share one read in flight. */
function cached<T>(ttlMs: number, clock: Clock, read: () => Promise<T>): () => Promise<T> {
  let value: { at: number; data: Promise<T> } | undefined;
  return () => {
    const now = clock.nowMs();
    if (!value || now - value.at >= ttlMs) {
      const data = read();
      value = { at: now, data };
      // A failed read is not kept: the next scrape tries again.
      data.catch(() => {
        if (value?.data === data) value = undefined;
      });
    }
    return value.data;
  };
}

export const DEFAULT_METRICS_CACHE_MS = 15_000;

export function createCallguardMetrics(opts: MetricsOptions = {}): CallguardMetrics {
  const registry = new Registry();
  const clock = opts.clock ?? systemClock;
  const ttl = opts.cacheMs ?? DEFAULT_METRICS_CACHE_MS;
  if (opts.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'callguard_' });

  const jobs = new Counter({ name: 'callguard_jobs_total', help: 'Pipeline job attempts by stage and outcome (completed, already_done, failed)', labelNames: ['stage', 'outcome'], registers: [registry] });
  const giveUps = new Counter({ name: 'callguard_jobs_given_up_total', help: 'Jobs that failed for good (their call is failed) by stage', labelNames: ['stage'], registers: [registry] });
  const duration = new Histogram({
    name: 'callguard_stage_duration_seconds', help: 'Time a job attempt ran, by stage and outcome', labelNames: ['stage', 'outcome'], registers: [registry],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
  });
  const rtf = new Histogram({
    name: 'callguard_transcription_real_time_factor', help: 'Seconds of transcription work per second of audio, by engine', labelNames: ['engine'], registers: [registry],
    buckets: [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 4],
  });
  const http = new Histogram({
    name: 'callguard_http_request_duration_seconds', help: 'Review app HTTP requests by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers: [registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  // Zero from the start: a rate() over a series that appears only at its first failure misses that failure.
  for (const stage of JOB_NAMES) for (const outcome of ['completed', 'failed'] as const) jobs.inc({ stage, outcome }, 0);

  if (opts.queues) {
    const queues = opts.queues;
    const readQueues = cached(ttl, clock, async () => {
      const out: { queue: JobName; counts: Record<string, number>; oldestMs: number | null }[] = [];
      for (const name of JOB_NAMES) {
        const q = queues.queue(name);
        const counts = await q.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
        // The oldest waiting job: ascending from the list's tail.
        const [oldest] = await q.getJobs(['wait', 'prioritized'], 0, 0, true);
        out.push({ queue: name, counts, oldestMs: oldest?.timestamp ?? null });
      }
      return out;
    });
    new Gauge({
      name: 'callguard_queue_jobs', help: 'Jobs in each queue by state (waiting, active, delayed, failed)', labelNames: ['queue', 'state'], registers: [registry],
      async collect() {
        this.reset();
        for (const q of await readQueues()) {
          this.set({ queue: q.queue, state: 'waiting' }, (q.counts.waiting ?? 0) + (q.counts.prioritized ?? 0));
          for (const s of ['active', 'delayed', 'failed']) this.set({ queue: q.queue, state: s }, q.counts[s] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'callguard_queue_oldest_waiting_seconds', help: 'Age of the oldest job waiting in each queue (0 when none waits)', labelNames: ['queue'], registers: [registry],
      async collect() {
        this.reset();
        const now = clock.nowMs();
        for (const q of await readQueues()) this.set({ queue: q.queue }, q.oldestMs === null ? 0 : Math.max(0, (now - q.oldestMs) / 1000));
      },
    });
  }

  if (opts.db) {
    const db = opts.db;
    const readState = cached(ttl, clock, async () => ({
      findings: await findingsByCategory(db),
      cases: await casesByKindAndStatus(db),
      deadlines: await tallyCaseDeadlines(db, { deadlines: opts.deadlines ?? DeadlinesPolicySchema.parse({}), bankGroups: opts.bankGroups ?? [], now: clock.now() }),
      calls: await callsByStatus(db),
      purge: await lastRetentionRun(db),
    }));
    new Gauge({
      name: 'callguard_findings', help: 'Findings stored, by rule category and review verdict (unreviewed, confirmed, dismissed)', labelNames: ['category', 'verdict'], registers: [registry],
      async collect() {
        this.reset();
        for (const r of (await readState()).findings) this.set({ category: r.category, verdict: r.verdict }, r.n);
      },
    });
    new Gauge({
      name: 'callguard_cases', help: 'Cases by kind (risk, complaint) and status', labelNames: ['kind', 'status'], registers: [registry],
      async collect() {
        this.reset();
        for (const r of (await readState()).cases) this.set({ kind: r.kind, status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'callguard_case_deadlines',
      help: 'Case deadlines by case kind and status, deadline, and where each stands as the case page shows it: running (due, warning, critical), overdue, met, met_late, or missed when its case closed past due',
      labelNames: ['kind', 'status', 'deadline', 'state'], registers: [registry],
      async collect() {
        this.reset();
        for (const r of (await readState()).deadlines) this.set({ kind: r.kind, status: r.status, deadline: r.deadline, state: r.state }, r.n);
      },
    });
    new Gauge({
      name: 'callguard_calls', help: 'Calls by pipeline status', labelNames: ['status'], registers: [registry],
      async collect() {
        this.reset();
        for (const r of (await readState()).calls) this.set({ status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'callguard_retention_last_run_timestamp_seconds', help: 'When the last retention purge finished (0 = never)', labelNames: ['result'], registers: [registry],
      async collect() {
        this.reset();
        const p = (await readState()).purge;
        if (p) this.set({ result: p.failed ? 'failed' : 'ok' }, p.finishedAt.getTime() / 1000);
        else this.set({ result: 'ok' }, 0);
      },
    });
  }

  return {
    registry,
    observeJob(stage, outcome, seconds) {
      jobs.inc({ stage, outcome });
      duration.observe({ stage, outcome }, seconds);
    },
    observeGiveUp(stage) {
      giveUps.inc({ stage });
    },
    observeRealTimeFactor(engine, value) {
      if (Number.isFinite(value) && value >= 0) rtf.observe({ engine }, value);
    },
    observeHttp(method, route, status, seconds) {
      http.observe({ method, route, status: String(status) }, seconds);
    },
  };
}

/**
 * The workers' hook: each job attempt counted and timed; after a fresh transcription, its real-time
 * factor from the engine and the recording length the stage stored (one indexed read).
 */
export function jobObserver(metrics: CallguardMetrics, db: Db | undefined, onError: (err: Error) => void) {
  return (stage: JobName, outcome: JobOutcome, seconds: number, callId: string) => {
    metrics.observeJob(stage, outcome, seconds);
    if (stage !== 'transcribe' || outcome !== 'completed' || !db) return;
    transcriptionFacts(db, callId).then((f) => {
      if (f?.durationMs) metrics.observeRealTimeFactor(f.engine, seconds / (f.durationMs / 1000));
    }, (err: unknown) => onError(err instanceof Error ? err : new Error(String(err))));
  };
}
