import type { Logger } from '../logger.ts';
import { stageAfter } from './call-lifecycle.ts';
import { JOB_NAMES, type JobName, type JobPayloads } from './job-payloads.ts';

/** A job a stage asks to run next; the transport (BullMQ or the local runner) delivers it. */
export type NextJob = { [N in JobName]: { name: N; payload: JobPayloads[N] } }[JobName];

export interface StageOutcome {
  /** What runs next for this call; empty when the call is finished (or failed). */
  next: NextJob[];
  /** true when the stage found its work already done (a retry, a duplicate, a re-ingest). */
  alreadyDone: boolean;
}

export interface StageContext {
  logger: Logger;
  /** Aborted on the job's timeout or on shutdown: stages pass it to child processes. */
  signal: AbortSignal;
  /** 1 on the first try. */
  attempt: number;
  /** true on the last allowed try: a stage may then record a transient failure as final. */
  lastAttempt: boolean;
}

export type StageHandler<N extends JobName> = (payload: JobPayloads[N], ctx: StageContext) => Promise<StageOutcome>;
export type StageHandlers = { [N in JobName]: StageHandler<N> };

/**
 * Called when a job gives up for good (permanent error, attempts or stall recoveries exhausted) so
 * the call's status says failed and why: a call must never silently stay half-processed.
 */
export type GiveUpHandler = (name: JobName, callId: string, reason: string) => Promise<void>;

/**
 * Startup check (Immich style): a stage listed in the job table without a handler would leave
 * calls stranded in its queue, so refuse to start instead.
 */
export function assertHandlersComplete(handlers: Partial<Record<string, unknown>>, names: readonly JobName[] = JOB_NAMES): void {
  const missing = names.filter((n) => typeof handlers[n] !== 'function');
  if (missing.length > 0) {
    throw new Error(`no handler for stage(s) ${missing.join(', ')}: refusing to start`);
  }
}

export function done(...next: NextJob[]): StageOutcome {
  return { next, alreadyDone: false };
}

export function alreadyDone(...next: NextJob[]): StageOutcome {
  return { next, alreadyDone: true };
}

/**
 * The job of the stage that follows `stage` for this call (src/pipeline/call-lifecycle.ts); none
 * after the last. `packVersion` is the rule pack a scan used: the triage that follows judges its
 * findings.
 */
export function jobsAfter(stage: JobName, callId: string, call: { hasRecording?: boolean; packVersion?: string; rescan?: boolean } = {}): NextJob[] {
  const next = stageAfter(stage, { hasRecording: call.hasRecording ?? true });
  return next ? [jobFor(next, callId, call.packVersion, call.rescan)] : [];
}

/** The job that runs `stage` for a call; scan and triage may name the pack version, and say they are a re-scan's. */
export function jobFor(stage: JobName, callId: string, packVersion?: string, rescan?: boolean): NextJob {
  if ((stage === 'scan' || stage === 'triage') && packVersion) return { name: stage, payload: { callId, packVersion, ...(rescan ? { rescan: true as const } : {}) } };
  return { name: stage, payload: { callId } } as NextJob;
}
