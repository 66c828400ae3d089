import type { JobState } from 'bullmq';
import { systemClock, type Clock } from '../../domain/clock.ts';
import type { Queryable } from '../../store/db.ts';
import { CallsRepository, type IdleCall, type IdleCallsCursor } from '../../store/index.ts';
import { stageResuming, UNFINISHED_STATUSES } from '../call-lifecycle.ts';
import { jobIdFor, type JobName, type JobTable } from '../transport/job-table.ts';
import type { PipelineQueues } from '../transport/queues.ts';
import { jobFor, type NextJob } from '../stage.ts';

/**
 * Finds calls that no job will ever move and puts them back into the pipeline.
 *
 * The call's status in PostgreSQL is the truth; BullMQ only carries ids. When Redis loses data (a
 * flush, a failover without persistence) or a job's follow-up was never enqueued, a call is left
 * unfinished with nothing to move it. A call is *stalled* when it is neither done nor failed, its
 * status has not moved for a while, and no job that could carry it is alive in any queue. Such a
 * call gets the job of the stage that follows its status; every stage returns early when its work
 * is already in the database, so re-queueing a call that was not really lost costs a lookup, never
 * a duplicate finding or case.
 */

/** States in which BullMQ still runs, or will run, a job: the call it carries is not lost. */
const LIVE_STATES: ReadonlySet<JobState | 'unknown'> = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export interface CarrierJob {
  name: JobName;
  jobId: string;
}

/**
 * The job that resumes a call, from its status (the lifecycle's `resumedBy`: received → ingest,
 * decoded → transcribe, transcribed → scan, scanned → triage of the pack it was scanned with).
 */
export function jobToResume(call: Pick<IdleCall, 'callId' | 'status' | 'lastScanPack'>): NextJob {
  const stage = stageResuming(call.status);
  if (!stage) throw new Error(`a call in status ${call.status} is finished: no job resumes it`);
  // A scan always records its pack; without one (not expected) scanning again finds the pack.
  if (stage === 'triage' && !call.lastScanPack) return jobFor('scan', call.callId);
  return jobFor(stage, call.callId, stage === 'triage' ? call.lastScanPack ?? undefined : undefined);
}

/**
 * Every job that may be carrying the call, in pipeline order. The status alone does not say which:
 * ingest leaves a recording 'received' while decode runs, a dialer record 'received' while scan runs,
 * and `callguard retry` sets 'received' while the job of the failed stage runs. Pipeline order
 * matters: a stage enqueues its follow-up before its own job completes, so reading the states
 * front to back cannot miss a call handed on between two reads.
 */
export function carrierJobs(call: Pick<IdleCall, 'callId' | 'lastScanPack'>): CarrierJob[] {
  const plain = (name: JobName): CarrierJob => ({ name, jobId: jobIdFor(name, { callId: call.callId }) });
  const jobs = [plain('ingest'), plain('decode'), plain('transcribe'), plain('scan')];
  if (call.lastScanPack) {
    const withPack = { callId: call.callId, packVersion: call.lastScanPack };
    jobs.push({ name: 'scan', jobId: jobIdFor('scan', withPack) }, { name: 'triage', jobId: jobIdFor('triage', withPack) });
  }
  return jobs;
}

/**
 * How long a call must sit still before it counts as stalled: the operator's threshold, but never
 * less than the timeout of the stage that would resume it. A job Redis lost while a worker was
 * running it keeps running to its end (and hands the call on); re-queueing it earlier would start
 * a second attempt beside it — for transcription, another hour of a GPU for nothing.
 */
export function minimumIdleMs(job: NextJob, table: JobTable, olderThanMs: number): number {
  return Math.max(olderThanMs, table[job.name].timeoutMs);
}

export interface StalledCall {
  callId: string;
  status: IdleCall['status'];
  idleMs: number;
  /** The job that was (or, in a dry run, would be) queued. */
  resume: NextJob;
}

export interface StalledSweepReport {
  olderThanMs: number;
  /** Unfinished calls whose status has not moved for longer than `olderThanMs`. */
  idle: number;
  /** Of those, calls a live job still carries (waiting in a long queue, running, retrying): left alone. */
  carried: number;
  /** Of those, calls idle for less than the timeout of the stage that would resume them: looked at again later. */
  notYetDue: number;
  /** Calls no live job carries: queued again, unless this was a dry run. */
  stalled: StalledCall[];
  /** Finished jobs (completed or failed) of stalled calls removed, so the new jobs are not no-ops. */
  removedJobs: number;
  dryRun: boolean;
}

export interface StalledSweepOptions {
  olderThanMs: number;
  /** Report only: nothing removed, nothing queued. */
  dryRun?: boolean;
  /** Idle calls read per query. */
  pageSize?: number;
  /** Called before each page; the periodic sweeper extends its lease here (and throws when it lost it). */
  beforePage?: () => Promise<void>;
  /** What "now" is when judging how long a call has been idle (tests pass one they set). */
  clock?: Clock;
}

/**
 * One sweep over every idle unfinished call. In a real (not dry) run the caller must hold the
 * sweep lease (sweep-lease.ts): two sweeps at once could each remove the other's fresh job.
 */
export async function sweepStalledCalls(
  db: Queryable, queues: PipelineQueues, table: JobTable, options: StalledSweepOptions,
): Promise<StalledSweepReport> {
  const dryRun = options.dryRun ?? false;
  const report: StalledSweepReport = { olderThanMs: options.olderThanMs, idle: 0, carried: 0, notYetDue: 0, stalled: [], removedJobs: 0, dryRun };
  const started = (options.clock ?? systemClock).nowMs();
  const before = new Date(started - options.olderThanMs);
  let cursor: IdleCallsCursor | null = null;
  do {
    await options.beforePage?.();
    const page = await new CallsRepository(db).listIdleUnfinished(UNFINISHED_STATUSES, before, cursor, options.pageSize ?? 500);
    cursor = page.next;
    report.idle += page.calls.length;
    const due: Array<{ call: IdleCall; resume: NextJob }> = [];
    for (const call of page.calls) {
      const resume = jobToResume(call);
      if (started - call.updatedAt.getTime() < minimumIdleMs(resume, table, options.olderThanMs)) report.notYetDue++;
      else due.push({ call, resume });
    }
    // One call's jobs are read in order; calls are read side by side (one Redis round trip each time).
    const inspected = await Promise.all(due.map(async (d) => ({ ...d, ...(await inspectCarriers(queues, d.call)) })));
    const orphans = inspected.filter((d) => !d.live);
    report.carried += inspected.length - orphans.length;
    // A call that moved while its jobs were read was carried after all (the whole chain can finish
    // between two reads): only calls still exactly as listed are re-queued.
    const unmoved = orphans.length === 0 ? new Set<string>() : await stillUnmoved(db, orphans.map((o) => o.call));
    for (const o of orphans) {
      if (!unmoved.has(o.call.callId)) {
        report.carried++;
        continue;
      }
      report.stalled.push({ callId: o.call.callId, status: o.call.status, idleMs: started - o.call.updatedAt.getTime(), resume: o.resume });
      if (dryRun) continue;
      // A retained finished job with the same deterministic id would make the add a no-op — and a
      // finished job further down would do the same to the hand-over: clear them all first.
      for (const f of o.finished) report.removedJobs += await queues.queue(f.name).remove(f.jobId);
      await queues.enqueue(o.resume.name, o.resume.payload as never);
    }
  } while (cursor);
  return report;
}

/** Reads the call's possible jobs front to back; stops at the first live one. */
async function inspectCarriers(queues: PipelineQueues, call: IdleCall): Promise<{ live: boolean; finished: CarrierJob[] }> {
  const finished: CarrierJob[] = [];
  for (const job of carrierJobs(call)) {
    const state = await queues.queue(job.name).getJobState(job.jobId);
    if (LIVE_STATES.has(state)) return { live: true, finished };
    if (state === 'completed' || state === 'failed') finished.push(job);
  }
  return { live: false, finished };
}

/** The ids of these calls whose status and updated_at are still what the sweep listed. */
async function stillUnmoved(db: Queryable, calls: readonly IdleCall[]): Promise<Set<string>> {
  const now = await new CallsRepository(db).getMany(calls.map((c) => c.callId));
  const byId = new Map(now.map((c) => [c.id, c]));
  return new Set(calls.filter((c) => {
    const current = byId.get(c.callId);
    return current !== undefined && current.status === c.status && current.updatedAt.getTime() === c.updatedAt.getTime();
  }).map((c) => c.callId));
}
