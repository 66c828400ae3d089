import type { Db } from '../store/db.ts';
import { CallsRepository } from '../store/index.ts';
import { JOB_NAMES, type JobName } from './job-table.ts';
import type { NextJob } from './stage.ts';

/**
 * Puts failed calls back into the pipeline after the cause was fixed (a model configured, a
 * corrected sidecar, the database back). Each call resumes at the stage that failed (named at
 * the start of its status reason); stages before it return early as already done.
 */
export interface RetryPlan {
  jobs: NextJob[];
  /** Calls that are not failed (or do not exist): nothing to retry. */
  skipped: string[];
}

export function failedStage(reason: string | null): JobName {
  const name = reason?.split(':', 1)[0]?.trim();
  return (JOB_NAMES as readonly string[]).includes(name ?? '') ? (name as JobName) : 'ingest';
}

/**
 * Marks the calls as received again and returns the jobs to start. With no ids: every failed call.
 * In server mode the caller first removes the failed BullMQ jobs (same deterministic ids), or the
 * new ones would be no-ops.
 */
export async function planRetry(db: Db, callIds?: readonly string[]): Promise<RetryPlan> {
  const calls = new CallsRepository(db);
  const failed = callIds ? await calls.getMany([...callIds]) : await Promise.all((await calls.listFailed(100_000)).map((f) => calls.get(f.callId)));
  const jobs: NextJob[] = [];
  const skipped = new Set(callIds ?? []);
  for (const call of failed) {
    if (!call || call.status !== 'failed') continue;
    skipped.delete(call.id);
    const stage = failedStage(call.statusReason);
    await calls.setStatus(call.id, 'received', `retrying from ${stage} (was: ${call.statusReason ?? ''})`.slice(0, 2000));
    jobs.push(stage === 'scan' || stage === 'triage' ? { name: 'scan', payload: { callId: call.id } } : { name: stage, payload: { callId: call.id } });
  }
  return { jobs, skipped: [...skipped] };
}
